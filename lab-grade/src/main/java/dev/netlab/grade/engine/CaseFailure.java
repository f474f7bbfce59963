package dev.netlab.grade.engine;

/**
 * A check saw the wrong behaviour. The message is for the student: what was sent, what was
 * expected, what came back.
 */
public final class CaseFailure extends Exception {
  private final Outcome outcome;

  /** The program behaved wrongly: {@link Outcome#FAILED}. */
  public CaseFailure(String message) {
    this(Outcome.FAILED, message);
  }

  /**
   * @param outcome how the case ends: FAILED, TIMED_OUT (the program ran past its time) or ERROR
   *     (the program could not take part at all)
   */
  public CaseFailure(Outcome outcome, String message) {
    super(message);
    if (outcome == Outcome.PASSED) {
      throw new IllegalArgumentException("a failure cannot pass");
    }
    this.outcome = outcome;
  }

  public Outcome outcome() {
    return outcome;
  }
}
