package dev.netlab.grade.engine;

import dev.netlab.grade.Messages;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.exercise.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A grading run's results: the one model every report format ({@code report} package) writes.
 *
 * @param student the student id the seeds came from
 * @param seed a fingerprint of the student's seeds (not the secret)
 * @param due when after_due_date cases' details become visible (empty: not before --show-hidden)
 * @param showHidden whether hidden details are shown now anyway (the instructor's view)
 * @param programOutput what the student's program printed over the run (bounded)
 * @param notes the grader's own remarks (processes that survived, ...)
 */
public record GradeReport(
    Exercise exercise,
    String student,
    String seed,
    Instant started,
    Duration executionTime,
    List<CaseResult> results,
    Optional<Instant> due,
    boolean showHidden,
    String programOutput,
    List<String> notes) {

  public GradeReport {
    results = List.copyOf(results);
    notes = List.copyOf(notes);
  }

  public int score() {
    return results.stream().mapToInt(CaseResult::score).sum();
  }

  public int maxScore() {
    return results.stream().mapToInt(r -> r.spec().points()).sum();
  }

  public boolean fullMarks() {
    return results.stream().allMatch(CaseResult::passed);
  }

  /** Whether a student may see {@code r}'s details now. */
  public boolean detailsShown(CaseResult r) {
    Visibility v = r.spec().visibility();
    if (showHidden || v == Visibility.VISIBLE) {
      return true;
    }
    return v == Visibility.AFTER_DUE_DATE && due.isPresent() && !started.isBefore(due.get());
  }

  /** {@code r}'s message as a student may see it now. */
  public String message(CaseResult r) {
    if (detailsShown(r)) {
      return r.message();
    }
    if (r.spec().visibility() == Visibility.HIDDEN) {
      return Messages.get("hidden.always");
    }
    return due.isPresent()
        ? Messages.get("hidden.until", due.get())
        : Messages.get("hidden.until_due");
  }

  /** {@code r}'s program output as a student may see it now. */
  public String output(CaseResult r) {
    return detailsShown(r) ? r.output() : "";
  }
}
