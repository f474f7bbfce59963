package dev.netlab.common.base;

/**
 * A failure the user can act on. The message is one sentence naming the cause and the fix; the
 * command prints it on one line and exits with {@link #exitCode()}.
 */
public class LabException extends RuntimeException {
  /** The run did what it could but the outcome failed (refused, mismatch, timeout). */
  public static final int RUNTIME = 1;

  /** The command line asked for something that cannot be done as asked. */
  public static final int USAGE = 2;

  private final int exitCode;

  public LabException(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public LabException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public static LabException usage(String message) {
    return new LabException(USAGE, message);
  }

  public static LabException runtime(String message) {
    return new LabException(RUNTIME, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
