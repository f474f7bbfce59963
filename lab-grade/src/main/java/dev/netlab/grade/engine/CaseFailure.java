package dev.netlab.grade.engine;

/**
 * A check saw the wrong behaviour. The message is for the student: what was sent, what was
 * expected, what came back.
 */
public final class CaseFailure extends Exception {
  public CaseFailure(String message) {
    super(message);
  }
}
