package dev.netlab.common.impair;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the relay does to the datagrams of one direction. Percentages are 0-100.
 *
 * @param lossPercent share of datagrams dropped in the long run
 * @param burstLength mean length of a loss burst: 1 drops independently, more makes the losses come
 *     in bursts (a Gilbert-Elliott chain whose bad state drops everything)
 * @param delay fixed one-way delay added to every datagram
 * @param jitter each datagram's delay varies uniformly by up to this much either way
 * @param reorderPercent share of datagrams held back until {@code reorderDistance} later ones have
 *     gone ahead
 * @param reorderDistance how many later datagrams overtake a held-back one
 * @param duplicatePercent share of datagrams sent twice
 * @param corruptPercent share of datagrams with one bit flipped
 * @param rateBitsPerSecond link speed; 0 for unlimited
 * @param queueLimit datagrams that may wait for the link before new ones are dropped
 */
public record Impairment(
    double lossPercent,
    double burstLength,
    Duration delay,
    Duration jitter,
    double reorderPercent,
    int reorderDistance,
    double duplicatePercent,
    double corruptPercent,
    long rateBitsPerSecond,
    int queueLimit) {

  /** Nothing done: every datagram passes at once. */
  public static final Impairment NONE =
      new Impairment(0, 1, Duration.ZERO, Duration.ZERO, 0, 3, 0, 0, 0, 1000);

  public Impairment {
    percent("loss", lossPercent);
    percent("reorder", reorderPercent);
    percent("duplicate", duplicatePercent);
    percent("corrupt", corruptPercent);
    if (burstLength < 1) {
      throw new IllegalArgumentException(
          "burst is a mean burst length, at least 1; got " + burstLength);
    }
    if (delay.isNegative() || jitter.isNegative()) {
      throw new IllegalArgumentException("delay and jitter cannot be negative");
    }
    if (reorderDistance < 1) {
      throw new IllegalArgumentException(
          "reorder distance must be at least 1; got " + reorderDistance);
    }
    if (rateBitsPerSecond < 0 || queueLimit < 1) {
      throw new IllegalArgumentException("rate must be positive and queue at least 1");
    }
  }

  private static void percent(String what, double value) {
    if (value < 0 || value > 100 || Double.isNaN(value)) {
      throw new IllegalArgumentException(what + " is a percentage, 0-100; got " + value);
    }
  }

  public Impairment withLoss(double percent, double burst) {
    return new Impairment(
        percent,
        burst,
        delay,
        jitter,
        reorderPercent,
        reorderDistance,
        duplicatePercent,
        corruptPercent,
        rateBitsPerSecond,
        queueLimit);
  }

  public Impairment withDelay(Duration d, Duration j) {
    return new Impairment(
        lossPercent,
        burstLength,
        d,
        j,
        reorderPercent,
        reorderDistance,
        duplicatePercent,
        corruptPercent,
        rateBitsPerSecond,
        queueLimit);
  }

  public Impairment withReorder(double percent, int distance) {
    return new Impairment(
        lossPercent,
        burstLength,
        delay,
        jitter,
        percent,
        distance,
        duplicatePercent,
        corruptPercent,
        rateBitsPerSecond,
        queueLimit);
  }

  public Impairment withDuplicate(double percent) {
    return new Impairment(
        lossPercent,
        burstLength,
        delay,
        jitter,
        reorderPercent,
        reorderDistance,
        percent,
        corruptPercent,
        rateBitsPerSecond,
        queueLimit);
  }

  public Impairment withCorrupt(double percent) {
    return new Impairment(
        lossPercent,
        burstLength,
        delay,
        jitter,
        reorderPercent,
        reorderDistance,
        duplicatePercent,
        percent,
        rateBitsPerSecond,
        queueLimit);
  }

  public Impairment withRate(long bitsPerSecond, int queue) {
    return new Impairment(
        lossPercent,
        burstLength,
        delay,
        jitter,
        reorderPercent,
        reorderDistance,
        duplicatePercent,
        corruptPercent,
        bitsPerSecond,
        queue);
  }

  /** "loss 5% (bursts of 3), delay 20ms ±5ms, reorder 2%" or "nothing". */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (lossPercent > 0) {
      parts.add(
          fmt("loss %s%%", lossPercent)
              + (burstLength > 1 ? fmt(" (bursts of %s on average)", burstLength) : ""));
    }
    if (!delay.isZero() || !jitter.isZero()) {
      parts.add(
          "delay "
              + delay.toMillis()
              + " ms"
              + (jitter.isZero() ? "" : " ±" + jitter.toMillis() + " ms"));
    }
    if (reorderPercent > 0) {
      parts.add(fmt("reorder %s%%", reorderPercent) + " (overtaken by " + reorderDistance + ")");
    }
    if (duplicatePercent > 0) {
      parts.add(fmt("duplicate %s%%", duplicatePercent));
    }
    if (corruptPercent > 0) {
      parts.add(fmt("corrupt %s%%", corruptPercent));
    }
    if (rateBitsPerSecond > 0) {
      parts.add("rate " + rateBitsPerSecond + " bit/s, queue " + queueLimit);
    }
    return parts.isEmpty() ? "nothing" : String.join(", ", parts);
  }

  private static String fmt(String f, double v) {
    return String.format(
        Locale.ROOT, f, v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v));
  }
}
