package dev.netlab.grade.engine;

import java.util.Optional;

/**
 * One finished run of the student's program (client exercises).
 *
 * @param output what it printed (bounded, see {@link OutputCapture})
 * @param exitCode its exit code; empty when it was killed at its time limit
 * @param startFailure why it could not be started, or null
 */
public record StudentRun(String output, Optional<Integer> exitCode, String startFailure) {
  public boolean timedOut() {
    return startFailure == null && exitCode.isEmpty();
  }
}
