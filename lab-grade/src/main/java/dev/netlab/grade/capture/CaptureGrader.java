package dev.netlab.grade.capture;

import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.Outcome;
import dev.netlab.grade.exercise.CaseSpec;
import dev.netlab.grade.exercise.Exercise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Grades a capture against an observe exercise's checks: every case gets its verdict, and a capture
 * that cannot be read fails every case with the reason (so the report files are still written).
 */
public final class CaptureGrader {
  private final Exercise exercise;
  private final Map<String, CaptureCheck> checks;
  private final String student;
  private final String token;

  public CaptureGrader(
      Exercise exercise, Map<String, CaptureCheck> checks, String student, String token) {
    this.exercise = exercise;
    this.checks = Map.copyOf(checks);
    this.student = student;
    this.token = token;
  }

  /**
   * @param view the capture, or empty when it could not be read
   * @param unreadable why the capture could not be read (when {@code view} is empty)
   * @param notes what the report says about the capture (file, format, frames)
   */
  public GradeReport grade(
      Optional<CaptureView> view,
      String unreadable,
      Answers answers,
      String answersName,
      Optional<Instant> due,
      boolean showHidden,
      List<String> notes) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<CaseResult> results = new ArrayList<>();
    for (CaseSpec c : exercise.cases()) {
      long c0 = System.nanoTime();
      CaptureCheck check = checks.get(c.name());
      CaseResult r;
      if (view.isEmpty()) {
        r = new CaseResult(c, Outcome.ERROR, unreadable, "", Duration.ZERO);
      } else if (check == null) {
        r =
            new CaseResult(
                c,
                Outcome.UNAVAILABLE,
                Messages.get("capture.no_check", c.name()),
                "",
                Duration.ZERO);
      } else {
        CaptureCheck.Verdict v = check.grade(view.get(), answers, answersName);
        r =
            new CaseResult(
                c,
                v.passed() ? Outcome.PASSED : Outcome.FAILED,
                v.message(),
                "",
                Duration.ofNanos(System.nanoTime() - c0));
      }
      results.add(r);
    }
    return new GradeReport(
        exercise,
        student,
        token,
        started,
        Duration.ofNanos(System.nanoTime() - t0),
        results,
        due,
        showHidden,
        "",
        notes);
  }
}
