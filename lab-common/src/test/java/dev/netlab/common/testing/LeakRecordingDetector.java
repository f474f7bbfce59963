package dev.netlab.common.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, keeping every report for {@link Leaks} to fail the test with, instead of
 * only logging it. Netty builds one per resource type (ByteBuf, ...) through {@code
 * -Dio.netty.customResourceLeakDetector}, which the parent pom's surefire configuration sets.
 */
public final class LeakRecordingDetector<T> extends ResourceLeakDetector<T> {
  static final List<LeakRecordingDetector<?>> INSTANCES = new CopyOnWriteArrayList<>();

  private final Queue<String> reports = new ConcurrentLinkedQueue<>();

  /** The constructor Netty's factory calls. */
  public LeakRecordingDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
    INSTANCES.add(this);
  }

  /** The constructor older factories call; Netty ignores {@code maxActive} since 4.1. */
  public LeakRecordingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
    this(resourceType, samplingInterval);
  }

  /** Reports since the last call, oldest first. */
  List<String> drain() {
    List<String> drained = new ArrayList<>();
    for (String r; (r = reports.poll()) != null; ) {
      drained.add(r);
    }
    return drained;
  }

  /** Tracks {@code canary} with {@code hint} in its records, for the caller to drop unreleased. */
  @SuppressWarnings("unchecked")
  void plant(Object canary, String hint) {
    trackForcibly((T) canary).record(hint);
  }

  /** Makes the detector report what the GC collected unreleased: it does on every new track. */
  @SuppressWarnings("unchecked")
  void poke() {
    Object resource = new Object();
    ResourceLeakTracker<T> tracker = trackForcibly((T) resource);
    tracker.close((T) resource);
  }

  /** Report even when the logger would not print it: the report is what fails the test. */
  @Override
  protected boolean needReport() {
    return true;
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    reports.add(
        "LEAK: "
            + resourceType
            + ".release() was not called before it was garbage-collected.\n"
            + records);
    if (!Leaks.isCanary(records)) {
      super.reportTracedLeak(resourceType, records);
    }
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    reports.add(
        "LEAK: "
            + resourceType
            + ".release() was not called before it was garbage-collected (no records: it was"
            + " allocated before the leak detector was at paranoid)");
    super.reportUntracedLeak(resourceType);
  }
}
