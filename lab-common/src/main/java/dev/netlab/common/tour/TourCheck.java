package dev.netlab.common.tour;

/**
 * One claim the tour tried to show.
 *
 * @param claim the curriculum id, such as "TCP-2"
 * @param status what happened
 * @param evidence what was observed, in one sentence, or why it was skipped
 */
public record TourCheck(String claim, Status status, String evidence) {
  /** Shown, failed, or not possible here (with the reason). */
  public enum Status {
    SHOWN,
    FAILED,
    SKIPPED
  }

  public static TourCheck shown(String claim, String evidence) {
    return new TourCheck(claim, Status.SHOWN, evidence);
  }

  public static TourCheck failed(String claim, String evidence) {
    return new TourCheck(claim, Status.FAILED, evidence);
  }

  public static TourCheck skipped(String claim, String why) {
    return new TourCheck(claim, Status.SKIPPED, why);
  }
}
