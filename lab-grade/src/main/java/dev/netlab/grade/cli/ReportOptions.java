package dev.netlab.grade.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.report.GradescopeReport;
import dev.netlab.grade.report.JUnitReport;
import dev.netlab.grade.report.JsonReport;
import dev.netlab.grade.report.MarkdownReport;
import dev.netlab.grade.report.PrairieLearnReport;
import dev.netlab.grade.report.TerminalReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The report options every grading command shares: the files it writes, hidden details, --json. */
public final class ReportOptions {
  @Option(
      names = "--due",
      paramLabel = "DATE",
      description =
          "When after_due_date cases show their details: a date (00:00 UTC) or an instant"
              + " (default: the exercise's own due date, if any).")
  String due;

  @Option(
      names = "--show-hidden",
      description = "Show hidden cases' details now (the instructor's view).")
  boolean showHidden;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML here.")
  Path junit;

  @Option(
      names = "--gradescope",
      paramLabel = "FILE",
      description = "Write Gradescope's results.json here.")
  Path gradescope;

  @Option(
      names = "--prairielearn",
      paramLabel = "FILE",
      description = "Write PrairieLearn's results.json here.")
  Path prairielearn;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = "Write feedback for the student (markdown) here.")
  Path markdown;

  @Mixin JsonOption json;

  @Mixin LangOption lang;

  /** Chooses the language (--lang, else the environment) before anything is said. */
  void applyLang(PrintWriter out) {
    lang.apply(out, json);
  }

  /** When after_due_date details show: --due, else the exercise's own due date. */
  Optional<Instant> due(Exercise exercise, PrintWriter out) {
    if (due == null) {
      return exercise.due();
    }
    try {
      return Optional.of(
          due.contains("T")
              ? Instant.parse(due)
              : LocalDate.parse(due).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException e) {
      throw json.fail(out, LabException.usage(Messages.get("run.bad_due", due)));
    }
  }

  /** Writes every report asked for, then the terminal table or the one JSON object. */
  void write(GradeReport report, PrintWriter out) {
    write(junit, report, JUnitReport::write);
    write(gradescope, report, GradescopeReport::write);
    write(prairielearn, report, PrairieLearnReport::write);
    write(markdown, report, MarkdownReport::write);
    if (json.json) {
      out.println(JsonReport.write(report));
      out.flush();
    } else {
      TerminalReport.write(report, out);
    }
  }

  private static void write(Path file, GradeReport r, Function<GradeReport, String> format) {
    if (file == null) {
      return;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, format.apply(r), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LabException.runtime(Messages.get("run.cannot_write", file, e.getMessage()));
    }
  }
}
