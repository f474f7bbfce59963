package dev.netlab.grade.exercise;

import java.util.Locale;

/**
 * When a student may see a case's details (its message: what was sent, expected and received), as
 * Gradescope's per-test {@code visibility}.
 */
public enum Visibility {
  /** Always shown. */
  VISIBLE,
  /** Score shown; details only once the due date has passed. */
  AFTER_DUE_DATE,
  /** Score shown; details never shown to the student (instructors use --show-hidden). */
  HIDDEN;

  /** The word in an exercise file and in Gradescope's results.json. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Visibility parse(String word) {
    for (Visibility v : values()) {
      if (v.json().equals(word)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "visibility must be visible, after_due_date or hidden; got '" + word + "'");
  }
}
