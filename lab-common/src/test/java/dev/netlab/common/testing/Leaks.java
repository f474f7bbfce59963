package dev.netlab.common.testing;

import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes Netty report now every buffer that became garbage without being released, and fails with
 * the reports. Netty's detector reports a leak only when the GC has collected the buffer and the
 * detector next tracks a new one; this collects the garbage and tracks until a canary, dropped
 * unreleased just before, shows up in the reports. {@link LeakCheckExtension} runs it after every
 * test.
 */
public final class Leaks {
  static final String DETECTOR_PROPERTY = "io.netty.customResourceLeakDetector";
  static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";

  /** Ends each canary's hint, so canary 1 is not mistaken for canary 12. */
  private static final String CANARY = "netlab leak canary #";

  /** A full GC and the reference handler take milliseconds; this is for a loaded machine. */
  private static final Duration CANARY_TIMEOUT = Duration.ofSeconds(30);

  private static final AtomicLong canaries = new AtomicLong();

  static {
    // Surefire sets both (parent pom); a runner that does not (an IDE) gets them here, which works
    // as long as no test has touched a Netty buffer yet.
    if (System.getProperty(DETECTOR_PROPERTY) == null) {
      System.setProperty(DETECTOR_PROPERTY, LeakRecordingDetector.class.getName());
    }
    if (System.getProperty(LEVEL_PROPERTY) == null) {
      System.setProperty(LEVEL_PROPERTY, "paranoid");
    }
    // Builds ByteBuf's detector now, so a detector that is not ours fails here, not silently.
    Unpooled.directBuffer(1).release();
    if (LeakRecordingDetector.INSTANCES.isEmpty()) {
      throw new IllegalStateException(
          "Netty's leak detector is not netlab's: run the tests with -D"
              + DETECTOR_PROPERTY
              + "="
              + LeakRecordingDetector.class.getName());
    }
  }

  private Leaks() {}

  /** Throws an AssertionError naming every leak report since the last check, with its records. */
  public static void assertNone(String after) {
    List<String> leaks = collect();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          "Netty reported "
              + leaks.size()
              + " leak(s) after "
              + after
              + " (records: most recent access first, allocation last):\n\n"
              + String.join("\n\n", leaks));
    }
  }

  /** Reports of what was garbage-collected unreleased since the last call. */
  public static List<String> collect() {
    String canary = CANARY + canaries.incrementAndGet() + ".";
    List<LeakRecordingDetector<?>> waiting = new ArrayList<>(LeakRecordingDetector.INSTANCES);
    plant(waiting, canary);
    List<String> leaks = new ArrayList<>();
    Await.until(
        "Netty's leak detectors to report the canary they tracked",
        CANARY_TIMEOUT,
        () -> {
          System.gc();
          waiting.removeIf(
              detector -> {
                detector.poke();
                boolean seen = false;
                for (String report : detector.drain()) {
                  if (!isCanary(report)) {
                    leaks.add(report);
                  } else if (report.contains(canary)) {
                    seen = true;
                  }
                }
                return seen;
              });
          return waiting.isEmpty();
        });
    return leaks;
  }

  /** A method of its own, so nothing on the caller's stack keeps the canary reachable. */
  private static void plant(List<LeakRecordingDetector<?>> detectors, String hint) {
    Object canary = new Object();
    for (LeakRecordingDetector<?> detector : detectors) {
      detector.plant(canary, hint);
    }
  }

  static boolean isCanary(String records) {
    return records.contains(CANARY);
  }
}
