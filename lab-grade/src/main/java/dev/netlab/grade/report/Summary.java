package dev.netlab.grade.report;

import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.GradeReport;

/** The sentences several report formats share. */
final class Summary {
  private Summary() {}

  /** "tcp-echo-server: 12/15 points (student alice, seeds 3f2a19c0)" */
  static String headline(GradeReport r) {
    return Messages.get(
        "report.headline", r.exercise().id(), r.score(), r.maxScore(), r.student(), r.seed());
  }

  /** The grader's notes, one per line after a newline, or nothing. */
  static String notes(GradeReport r) {
    StringBuilder sb = new StringBuilder();
    for (String n : r.notes()) {
      sb.append('\n').append(n);
    }
    return sb.toString();
  }

  /** A case's message followed by what the program printed during it, when it printed anything. */
  static String withOutput(String message, String output) {
    return output == null || output.isBlank()
        ? message
        : message + "\n\n" + Messages.get("report.output_during") + "\n" + output;
  }
}
