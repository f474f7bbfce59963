package dev.netlab.grade.engine;

import java.util.Locale;

/** How a case ended. Only {@link #PASSED} scores. */
public enum Outcome {
  /** The check saw the behaviour it asks for. */
  PASSED,
  /** The check saw something else: the message says what was sent, expected and received. */
  FAILED,
  /** The case's time ran out: never a pass, whatever had been seen so far. */
  TIMED_OUT,
  /** The student's program could not take part: it would not start, exited, or never listened. */
  ERROR,
  /** The grading machine lacks what the case needs: the case scores 0 and says what is missing. */
  UNAVAILABLE;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
