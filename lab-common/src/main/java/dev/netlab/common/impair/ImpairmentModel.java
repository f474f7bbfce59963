package dev.netlab.common.impair;

import java.util.SplittableRandom;

/**
 * The random choices for one direction of the relay, all drawn from one seeded generator in
 * datagram order: the same seed and the same sequence of datagram sizes give the same fates. Loss
 * follows a Gilbert-Elliott chain: in the "bad" state every datagram is lost, in the "good" state
 * none; the chain leaves "bad" with probability 1/burst after each datagram and enters it so that
 * the long-run loss is the asked percentage.
 */
public final class ImpairmentModel {
  private final Impairment imp;
  private final SplittableRandom random;
  private final double enterBad;
  private final double leaveBad;
  private boolean bad;
  private long index;

  public ImpairmentModel(Impairment imp, long seed) {
    this.imp = imp;
    this.random = new SplittableRandom(seed);
    double loss = imp.lossPercent() / 100;
    this.leaveBad = 1 / imp.burstLength();
    // stationary P(bad) = enter / (enter + leave) = loss
    this.enterBad = loss >= 1 ? 1 : leaveBad * loss / (1 - loss);
  }

  /** The fate of the next datagram of {@code size} bytes. */
  public Fate next(int size) {
    long i = index++;
    // Draw every number every time, so one choice never shifts the others' random streams.
    double lossDraw = random.nextDouble();
    double dupDraw = random.nextDouble();
    double corruptDraw = random.nextDouble();
    long bit = size == 0 ? -1 : random.nextLong(size * 8L);
    double reorderDraw = random.nextDouble();
    double jitterDraw = random.nextDouble() * 2 - 1;

    boolean dropped;
    if (imp.lossPercent() >= 100) {
      dropped = true; // the chain below would leave "bad" now and then: 100% means every one
    } else if (imp.burstLength() <= 1) {
      dropped = lossDraw < imp.lossPercent() / 100;
    } else {
      bad = bad ? lossDraw >= leaveBad : lossDraw < enterBad;
      dropped = bad;
    }
    long delay = imp.delay().toNanos() + Math.round(jitterDraw * imp.jitter().toNanos());
    return new Fate(
        i,
        dropped,
        dupDraw < imp.duplicatePercent() / 100 ? 2 : 1,
        corruptDraw < imp.corruptPercent() / 100 ? bit : -1,
        reorderDraw < imp.reorderPercent() / 100,
        Math.max(0, delay));
  }
}
