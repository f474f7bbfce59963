package dev.netlab.grade.report;

import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradescope's {@code results.json} (gradescope-autograders.readthedocs.io, specs): the total
 * {@code score}, {@code execution_time} in seconds, a student-visible {@code output}, and per case
 * {@code name}, {@code number}, {@code score}, {@code max_score}, {@code status}, {@code output}
 * and {@code visibility}. Every case's details are written in full: Gradescope itself hides an
 * {@code after_due_date} or {@code hidden} case from the student.
 */
public final class GradescopeReport {
  private GradescopeReport() {}

  public static Map<String, Object> toJson(GradeReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("score", r.score());
    m.put("execution_time", JsonText.seconds(r.executionTime()));
    m.put("output", Summary.headline(r) + Summary.notes(r));
    m.put("output_format", "text");
    List<Map<String, Object>> tests = new ArrayList<>();
    for (CaseResult c : r.results()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", c.spec().name());
      t.put("number", c.spec().number());
      t.put("score", c.score());
      t.put("max_score", c.spec().points());
      t.put("status", c.passed() ? "passed" : "failed");
      t.put("output", Summary.withOutput(c.message(), c.output()));
      t.put("visibility", c.spec().visibility().json());
      tests.add(t);
    }
    m.put("tests", tests);
    return m;
  }

  public static String write(GradeReport r) {
    return JsonText.pretty(toJson(r));
  }
}
