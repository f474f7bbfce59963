package dev.netlab.grade.capture;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A student's answers file: for each question id, the value and the frame it comes from, as good
 * Wireshark-lab marking asks ({@code {"answers": {"client_isn": {"frame": 1, "value":
 * 3211377200}}}}).
 */
public final class Answers {
  /**
   * One answer.
   *
   * @param frame the frame number Wireshark shows, or -1 when the answer cites none
   */
  public record Answer(int frame, String value) {}

  private final Map<String, Answer> byQuestion;

  private Answers(Map<String, Answer> byQuestion) {
    this.byQuestion = byQuestion;
  }

  /** No answers: every question scores 0 and says to give --answers. */
  public static Answers none() {
    return new Answers(null);
  }

  public boolean given() {
    return byQuestion != null;
  }

  public Answer get(String question) {
    return byQuestion == null ? null : byQuestion.get(question);
  }

  /** The answers in {@code json}; throws saying what is wrong where. */
  public static Answers parse(String json) {
    Map<String, Object> m;
    try {
      m = JSON.std.mapFrom(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + firstLine(e.getMessage()));
    }
    if (!(m.get("answers") instanceof Map<?, ?> answers)) {
      throw new IllegalArgumentException(
          "expected {\"answers\": {\"QUESTION\": {\"frame\": N, \"value\": ...}}}");
    }
    Map<String, Answer> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : answers.entrySet()) {
      String q = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof Map<?, ?> a) || a.get("value") == null) {
        throw new IllegalArgumentException(
            "answer '" + q + "': expected {\"frame\": N, \"value\": ...}");
      }
      Object frame = a.get("frame");
      if (frame != null && !(frame instanceof Number)) {
        throw new IllegalArgumentException(
            "answer '" + q + "': frame must be a number; got '" + frame + "'");
      }
      out.put(
          q,
          new Answer(frame == null ? -1 : ((Number) frame).intValue(), a.get("value").toString()));
    }
    return new Answers(out);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
