package dev.netlab.grade.report;

import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;

/** Feedback a student reads: the table of cases, then each case's details and output. */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String write(GradeReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(Summary.headline(r)).append("\n\n");
    sb.append("| # | case | points | result |\n|---|---|---|---|\n");
    for (CaseResult c : r.results()) {
      sb.append("| ")
          .append(c.spec().number())
          .append(" | `")
          .append(c.spec().name())
          .append("` | ")
          .append(c.score())
          .append('/')
          .append(c.spec().points())
          .append(" | ")
          .append(c.outcome().word())
          .append(" |\n");
    }
    sb.append("\n## ").append(Messages.get("report.details")).append("\n");
    for (CaseResult c : r.results()) {
      sb.append("\n### ")
          .append(c.spec().number())
          .append(' ')
          .append(c.spec().name())
          .append(": ")
          .append(c.outcome().word())
          .append("\n\n")
          .append(r.message(c))
          .append('\n');
      String out = r.output(c);
      if (!out.isBlank()) {
        sb.append("\n")
            .append(Messages.get("report.output_during"))
            .append("\n\n")
            .append(fence(out));
      }
    }
    for (String n : r.notes()) {
      sb.append("\n- ").append(n).append('\n');
    }
    return sb.toString();
  }

  /** A code block that the text cannot close early (a fence longer than any run of backticks). */
  static String fence(String text) {
    int longest = 0;
    int run = 0;
    for (char ch : text.toCharArray()) {
      run = ch == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String f = "`".repeat(Math.max(3, longest + 1));
    return f + "\n" + text + (text.endsWith("\n") ? "" : "\n") + f + "\n";
  }
}
