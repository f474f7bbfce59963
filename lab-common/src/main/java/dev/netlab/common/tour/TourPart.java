package dev.netlab.common.tour;

/**
 * One lab's part of {@code lab tour}: runs the lab's pairs end to end on loopback and narrates each
 * curriculum claim with what was observed. Labs implement it; lab-app runs them in order.
 */
public interface TourPart {
  /** A short title, such as "TCP". */
  String title();

  /**
   * Runs this part.
   *
   * @return one entry per claim shown; a failed check is reported, not thrown
   */
  java.util.List<TourCheck> run(TourContext context) throws InterruptedException;
}
