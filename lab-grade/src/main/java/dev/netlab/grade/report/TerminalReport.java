package dev.netlab.grade.report;

import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import java.io.PrintWriter;

/** The table on the terminal: one row per case, a failing case's message under it, the total. */
public final class TerminalReport {
  /** Width of the case-name column. */
  static final int NAME_WIDTH = 46;

  private TerminalReport() {}

  public static void write(GradeReport r, PrintWriter out) {
    out.println(Summary.headline(r));
    for (CaseResult c : r.results()) {
      out.printf(
          "  %-5s %-" + NAME_WIDTH + "s %2d/%-2d %-11s %6d ms%n",
          c.spec().number(),
          c.spec().name(),
          c.score(),
          c.spec().points(),
          c.passed() ? "passed" : c.outcome().word().toUpperCase(java.util.Locale.ROOT),
          c.duration().toMillis());
      if (!c.passed()) {
        for (String line : r.message(c).split("\n")) {
          out.println("        " + line);
        }
      }
    }
    for (String n : r.notes()) {
      out.println("  note: " + n);
    }
    out.println(
        Messages.get("report.table_total", r.score(), r.maxScore())
            + (r.fullMarks() ? " (" + Messages.get("report.full_marks") + ")" : ""));
    out.flush();
  }
}
