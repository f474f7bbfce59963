package dev.netlab.grade.capture;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of an observe exercise, read from the same file as its cases: each case carries its
 * check under {@code "check"}, so points, visibility and the check sit on one line of one file and
 * an instructor writes a new exercise without Java.
 */
public final class CaptureRubric {
  private CaptureRubric() {}

  /** The exercise's server port: {@code params.port}, what {@code {port}} means by default. */
  public static int defaultPort(Map<String, Object> exerciseParams) {
    return exerciseParams.get("port") instanceof Number n ? n.intValue() : 0;
  }

  /**
   * Each case's check, by case name, in the file's order.
   *
   * @throws IllegalArgumentException naming the case and the key that is wrong, or a case without a
   *     check
   */
  @SuppressWarnings("unchecked")
  public static Map<String, CaptureCheck> parse(String exerciseJson, Bindings b) {
    Map<String, Object> m;
    try {
      m = JSON.std.mapFrom(exerciseJson);
    } catch (IOException e) {
      throw new IllegalArgumentException("exercise file is not JSON: " + e.getMessage(), e);
    }
    Map<String, CaptureCheck> out = new LinkedHashMap<>();
    Object cases = m.get("cases");
    for (Object o : cases instanceof List<?> l ? l : List.of()) {
      Map<String, Object> c = (Map<String, Object>) o;
      String name = String.valueOf(c.get("name"));
      if (!(c.get("check") instanceof Map<?, ?> check)) {
        throw new IllegalArgumentException(
            "case " + name + ": an observe exercise's case needs \"check\": {...}");
      }
      out.put(name, CaptureCheck.parse((Map<String, Object>) check, b, "case " + name + ".check"));
    }
    return out;
  }
}
