package dev.netlab.grade.engine;

import dev.netlab.grade.exercise.CaseSpec;
import java.time.Duration;

/**
 * One case's result.
 *
 * @param message what the check saw: on failure, what was sent, expected and received
 * @param output what the student's program printed during the case (bounded)
 */
public record CaseResult(
    CaseSpec spec, Outcome outcome, String message, String output, Duration duration) {

  public int score() {
    return outcome == Outcome.PASSED ? spec.points() : 0;
  }

  public boolean passed() {
    return outcome == Outcome.PASSED;
  }
}
