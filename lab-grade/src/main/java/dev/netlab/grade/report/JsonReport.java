package dev.netlab.grade.report;

import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lab grade run --json}: the one JSON object on stdout, netlab's own shape (snake_case,
 * {@code ok} and {@code error} first as every lab command), with details hidden as for students.
 */
public final class JsonReport {
  private JsonReport() {}

  public static Map<String, Object> toJson(GradeReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", r.fullMarks());
    m.put("error", null);
    m.put("exercise", r.exercise().id());
    m.put("student", r.student());
    m.put("seed", r.seed());
    m.put("score", r.score());
    m.put("max_score", r.maxScore());
    m.put("full_marks", r.fullMarks());
    m.put("execution_time", JsonText.seconds(r.executionTime()));
    List<Map<String, Object>> cases = new ArrayList<>();
    for (CaseResult c : r.results()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", c.spec().name());
      t.put("number", c.spec().number());
      t.put("points", c.score());
      t.put("max_points", c.spec().points());
      t.put("outcome", c.outcome().word());
      t.put("visibility", c.spec().visibility().json());
      t.put("message", r.message(c));
      t.put("output", r.output(c));
      t.put("duration_ms", c.duration().toMillis());
      cases.add(t);
    }
    m.put("cases", cases);
    m.put("notes", r.notes());
    return m;
  }

  public static String write(GradeReport r) {
    return JsonText.compact(toJson(r));
  }
}
