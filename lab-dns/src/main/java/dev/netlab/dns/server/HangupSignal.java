package dev.netlab.dns.server;

import sun.misc.Signal;

/**
 * SIGHUP as name servers read it ({@code kill -HUP PID}, NSD's and BIND's "reload"): instead of
 * ending the JVM, the signal runs an action. The JDK offers signal handling only through {@code
 * sun.misc.Signal} (module jdk.unsupported); where the system has no SIGHUP (Windows) nothing is
 * installed.
 */
public final class HangupSignal {
  private HangupSignal() {}

  /**
   * Runs {@code action} on every SIGHUP from now on, on the JVM's signal thread: keep it short
   * (hand the work to another thread).
   *
   * @return false when this system has no SIGHUP, or the JVM keeps it for itself (-Xrs)
   */
  public static boolean install(Runnable action) {
    try {
      Signal.handle(new Signal("HUP"), signal -> action.run());
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException noHup) {
      return false;
    }
  }
}
