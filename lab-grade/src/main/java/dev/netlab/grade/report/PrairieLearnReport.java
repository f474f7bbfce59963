package dev.netlab.grade.report;

import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PrairieLearn's external-grader {@code results.json}: {@code gradable}, {@code score} as a
 * fraction from 0 to 1 (not points), {@code message}, {@code output}, and {@code tests[]} with
 * {@code name}, {@code description}, {@code points}, {@code max_points}, {@code message}, {@code
 * output}. PrairieLearn has no per-test visibility, so hidden details are left out until due.
 */
public final class PrairieLearnReport {
  private PrairieLearnReport() {}

  public static Map<String, Object> toJson(GradeReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gradable", true);
    m.put("score", r.maxScore() == 0 ? 0.0 : (double) r.score() / r.maxScore());
    m.put("message", Summary.headline(r));
    m.put("output", Summary.notes(r).strip());
    List<Map<String, Object>> tests = new ArrayList<>();
    for (CaseResult c : r.results()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", c.spec().name());
      t.put("description", c.spec().number() + " " + c.outcome().word());
      t.put("points", c.score());
      t.put("max_points", c.spec().points());
      t.put("message", r.message(c));
      t.put("output", r.output(c));
      tests.add(t);
    }
    m.put("tests", tests);
    return m;
  }

  public static String write(GradeReport r) {
    return JsonText.pretty(toJson(r));
  }
}
