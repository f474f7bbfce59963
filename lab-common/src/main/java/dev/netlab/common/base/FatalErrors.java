package dev.netlab.common.base;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintStream;
import java.util.concurrent.ThreadFactory;

/**
 * An {@link Error} on an event loop (out of memory, a stack overflow, a broken class path) ends the
 * process: one line on stderr and exit status 1. Netty catches what a handler throws and passes it
 * to {@code exceptionCaught}, where a server that logs and keeps serving would, after an {@code
 * OutOfMemoryError}, stay alive holding its port while answering nothing. Every handler's {@code
 * exceptionCaught} calls {@link #exitIfFatal} first, and every event-loop thread comes from {@link
 * #threadFactory}, whose threads end the process when anything escapes them.
 */
public final class FatalErrors {
  /** Exit status of a process ended by a fatal error: the run failed. */
  public static final int EXIT_STATUS = 1;

  private static volatile boolean stackTraces;

  private FatalErrors() {}

  /** Whether the stack trace follows the line ({@code --debug}). */
  public static void showStackTraces(boolean show) {
    stackTraces = show;
  }

  /** Whether {@code t}, or anything that caused it, is an {@link Error}. */
  public static boolean isFatal(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof Error) {
        return true;
      }
    }
    return false;
  }

  /** Ends the process (one line, exit 1) if {@code t} is {@link #isFatal fatal}; else returns. */
  public static void exitIfFatal(Throwable t) {
    if (isFatal(t)) {
      exit(t);
    }
  }

  /** The one line printed before exiting. */
  static String message(Throwable t) {
    Throwable e = t;
    while (!(e instanceof Error) && e.getCause() != null && e.getCause() != e) {
      e = e.getCause();
    }
    return "netlab: fatal "
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
        + " on thread "
        + Thread.currentThread().getName()
        + ": stopping instead of running on unable to serve"
        + (e instanceof OutOfMemoryError
            ? "; give the JVM more memory (JAVA_OPTS=-Xmx2g) or lower what peers may buffer"
            : "");
  }

  private static void exit(Throwable t) {
    PrintStream err = System.err;
    try {
      err.println(message(t));
      if (stackTraces) {
        t.printStackTrace(err);
      }
      err.flush();
    } finally {
      // halt, not exit: shutdown hooks would wait for the very event loop that failed
      Runtime.getRuntime().halt(EXIT_STATUS);
    }
  }

  /**
   * Event-loop threads (daemon, named after {@code pool}) that end the process when an exception
   * escapes them.
   */
  public static ThreadFactory threadFactory(String pool) {
    return new DefaultThreadFactory(pool, true) {
      @Override
      protected Thread newThread(Runnable r, String name) {
        Thread t = super.newThread(r, name);
        t.setUncaughtExceptionHandler((thread, e) -> exit(e));
        return t;
      }
    };
  }
}
