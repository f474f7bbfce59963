package dev.netlab.common.tour;

import java.nio.file.Path;
import java.util.List;

/**
 * One claim the tour tried to show.
 *
 * @param claim the curriculum id, such as "TCP-2"
 * @param status what happened
 * @param evidence what was observed, in one sentence, or why it was skipped
 * @param capture the kernel capture of this step in the report directory (its file name), or null
 * @param frames frame numbers in {@code capture} of the packets that show the claim (1 = first)
 */
public record TourCheck(
    String claim, Status status, String evidence, String capture, List<Integer> frames) {
  /** Shown, failed, or not possible here (with the reason). */
  public enum Status {
    SHOWN,
    FAILED,
    SKIPPED
  }

  public TourCheck {
    frames = frames == null ? List.of() : List.copyOf(frames);
  }

  public TourCheck(String claim, Status status, String evidence) {
    this(claim, status, evidence, null, List.of());
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

  /** This check with its capture file (when one was saved) and the evidence's frame numbers. */
  public TourCheck withCapture(Path file, List<Integer> evidenceFrames) {
    if (file == null || !java.nio.file.Files.exists(file)) {
      return this;
    }
    return new TourCheck(claim, status, evidence, file.getFileName().toString(), evidenceFrames);
  }

  /** "frames 1, 2, 3" or "frames 4, 9, 12 and 37 more", for the report. */
  public String framesText() {
    if (frames.isEmpty()) {
      return "";
    }
    int shown = Math.min(frames.size(), 12);
    StringBuilder sb = new StringBuilder(frames.size() == 1 ? "frame " : "frames ");
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : ", ").append(frames.get(i));
    }
    if (frames.size() > shown) {
      sb.append(" and ").append(frames.size() - shown).append(" more");
    }
    return sb.toString();
  }
}
