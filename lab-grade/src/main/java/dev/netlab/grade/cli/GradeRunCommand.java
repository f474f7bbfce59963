package dev.netlab.grade.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.ExerciseSuite;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.Grader;
import dev.netlab.grade.engine.StudentSeed;
import dev.netlab.grade.engine.Suites;
import dev.netlab.grade.exercise.CaseSpec;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.exercise.Exercises;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab grade run EXERCISE -- STUDENT-COMMAND...}: the black-box autograder. */
@Command(
    name = "run",
    description = {
      "Starts the student's program (any language), runs the exercise's cases against it over"
          + " real sockets on loopback, stops it and everything it started, and scores each"
          + " case. The program finds its address in LAB_HOST and LAB_PORT (and in {host} and"
          + " {port} on its command line); the exercise's page lists any other LAB_* variables.",
      "Exit 0 only on full marks; 1 when any case lost points; 2 on bad usage."
    },
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  lab grade run tcp-echo-server -- python3 echo.py",
      "  lab grade run udp-pinger --student s1234 --markdown feedback.md \\",
      "      -- ./pinger {host} {port}",
      "  lab grade run tcp-echo-server --case 'tcp_echo_half*' -- ./server {port}"
    })
public final class GradeRunCommand implements Callable<Integer> {
  /** Where the course secret comes from when no --secret-file is given. */
  public static final String SECRET_ENV = "NETLAB_COURSE_SECRET";

  @Parameters(index = "0", paramLabel = "EXERCISE", description = "The exercise's id.")
  String exerciseId;

  @Parameters(
      index = "1..*",
      paramLabel = "STUDENT-COMMAND",
      description = "The student's program and its arguments, after '--'.")
  List<String> command = new ArrayList<>();

  @Option(
      names = "--student",
      paramLabel = "ID",
      defaultValue = StudentSeed.PRACTICE_STUDENT,
      description =
          "The student's id: their seeds and parameters derive from it and the course secret"
              + " (default: ${DEFAULT-VALUE}).")
  String student;

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description =
          "The course secret (default: $" + SECRET_ENV + ", else the public practice secret).")
  Path secretFile;

  @Option(
      names = "--case",
      paramLabel = "GLOB",
      description = "Run only the cases whose names match; repeatable (default: every case).")
  List<String> caseGlobs = new ArrayList<>();

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Where the student's program runs (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Mixin ReportOptions reports;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    reports.applyLang(out);
    Exercises all = Exercises.builtIn();
    Exercise exercise = ExerciseShowCommand.find(all, exerciseId, out, reports.json);
    if (command.isEmpty()) {
      throw reports.json.fail(out, LabException.usage(Messages.get("run.no_command")));
    }
    if (!Files.isDirectory(dir)) {
      throw reports.json.fail(out, LabException.usage(Messages.get("run.no_dir", dir)));
    }
    Predicate<CaseSpec> selected = selection(exercise, out);
    Optional<Instant> dueDate = reports.due(exercise, out);
    StudentSeed seed = new StudentSeed(secret(out, err), exercise.id(), student);
    ExerciseSuite suite =
        Suites.forExercise(exercise.id())
            .orElseThrow(() -> new IllegalStateException("no suite for " + exercise.id()));
    GradeReport report =
        new Grader(exercise, suite, command, dir.toAbsolutePath(), seed)
            .run(selected, dueDate, reports.showHidden);
    reports.write(report, out);
    return report.fullMarks() ? 0 : LabException.RUNTIME;
  }

  private Predicate<CaseSpec> selection(Exercise exercise, PrintWriter out) {
    if (caseGlobs.isEmpty()) {
      return c -> true;
    }
    List<PathMatcher> globs = new ArrayList<>();
    for (String g : caseGlobs) {
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + g);
      if (exercise.cases().stream().noneMatch(c -> m.matches(Path.of(c.name())))) {
        throw reports.json.fail(
            out,
            LabException.usage(
                Messages.get(
                    "run.no_case",
                    g,
                    exercise.id(),
                    String.join(", ", exercise.cases().stream().map(CaseSpec::name).toList()))));
      }
      globs.add(m);
    }
    return c -> globs.stream().anyMatch(m -> m.matches(Path.of(c.name())));
  }

  private byte[] secret(PrintWriter out, PrintWriter err) {
    try {
      return courseSecret(secretFile, !student.equals(StudentSeed.PRACTICE_STUDENT), err);
    } catch (LabException e) {
      throw reports.json.fail(out, e);
    }
  }

  /**
   * The course secret: {@code file}'s, else $NETLAB_COURSE_SECRET's, else the practice secret
   * (saying so on {@code err} when {@code warnPractice}).
   */
  static byte[] courseSecret(Path file, boolean warnPractice, PrintWriter err) {
    if (file != null) {
      String s;
      try {
        s = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw LabException.usage(Messages.get("run.secret_unreadable", file, e.getMessage()));
      }
      if (s.isEmpty()) {
        throw LabException.usage(Messages.get("run.secret_empty", file));
      }
      return s.getBytes(StandardCharsets.UTF_8);
    }
    String env = System.getenv(SECRET_ENV);
    if (env != null && !env.isBlank()) {
      return env.strip().getBytes(StandardCharsets.UTF_8);
    }
    if (warnPractice) {
      err.println(Messages.get("run.practice_secret"));
      err.flush();
    }
    return StudentSeed.PRACTICE_SECRET.getBytes(StandardCharsets.UTF_8);
  }
}
