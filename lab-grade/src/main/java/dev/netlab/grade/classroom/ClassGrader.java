package dev.netlab.grade.classroom;

import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.Grader;
import dev.netlab.grade.engine.Outcome;
import dev.netlab.grade.engine.StudentSeed;
import dev.netlab.grade.engine.Suites;
import dev.netlab.grade.exercise.CaseSpec;
import dev.netlab.grade.exercise.Exercise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Grades a class: every folder of a submissions folder is one student (the folder's name is the
 * student's id), graded by running the same command template inside it. Each submission is bounded
 * in time, and one that cannot be graded scores 0 with the reason while the others go on.
 */
public final class ClassGrader {
  /** Time a submission gets beyond the sum of its cases' timeouts and its server's startup. */
  static final Duration SUBMISSION_SLACK = Duration.ofSeconds(30);

  /** How long a stopped grading gets to kill the student's processes before the next starts. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** One student's row. */
  public record Row(String student, int score, int max, Map<String, Integer> points, String note) {}

  private final Exercise exercise;
  private final List<String> command;
  private final byte[] secret;

  public ClassGrader(Exercise exercise, List<String> command, byte[] secret) {
    this.exercise = exercise;
    this.command = List.copyOf(command);
    this.secret = secret.clone();
  }

  /** The time one submission may take at most. */
  public Duration limit() {
    Duration d = exercise.startupTimeout().plus(SUBMISSION_SLACK);
    for (CaseSpec c : exercise.cases()) {
      d = d.plus(c.timeout());
    }
    return d;
  }

  /** Grades every folder in {@code submissions}, by name; {@code each} sees each row as it ends. */
  public List<Row> grade(Path submissions, Consumer<Row> each)
      throws IOException, InterruptedException {
    List<Path> folders;
    try (Stream<Path> s = Files.list(submissions)) {
      folders = s.filter(Files::isDirectory).sorted().toList();
    }
    List<Row> rows = new ArrayList<>();
    for (Path folder : folders) {
      Row r = gradeOne(folder);
      rows.add(r);
      each.accept(r);
    }
    return rows;
  }

  private Row gradeOne(Path folder) throws InterruptedException {
    String student = folder.getFileName().toString();
    StudentSeed seed = new StudentSeed(secret, exercise.id(), student);
    Grader grader =
        new Grader(
            exercise,
            Suites.forExercise(exercise.id()).orElseThrow(),
            command,
            folder.toAbsolutePath(),
            seed);
    ExecutorService one =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "grade-class-" + student);
              t.setDaemon(true);
              return t;
            });
    Future<GradeReport> f = one.submit(() -> grader.run(c -> true, Optional.empty(), true));
    try {
      return row(student, f.get(limit().toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      f.cancel(true); // the grader stops the student's program when interrupted
      return failed(student, Messages.get("class.time_limit", limit().toSeconds()));
    } catch (ExecutionException e) {
      return failed(student, Messages.get("class.not_graded", String.valueOf(e.getCause())));
    } finally {
      one.shutdownNow();
      one.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private Row row(String student, GradeReport r) {
    Map<String, Integer> points = new LinkedHashMap<>();
    String note = "";
    for (CaseResult c : r.results()) {
      points.put(c.spec().name(), c.score());
      if (note.isEmpty() && c.outcome() != Outcome.PASSED && c.outcome() != Outcome.FAILED) {
        note = c.outcome().word() + ": " + c.message().lines().findFirst().orElse("");
      }
    }
    return new Row(student, r.score(), r.maxScore(), points, note);
  }

  private Row failed(String student, String why) {
    Map<String, Integer> points = new LinkedHashMap<>();
    exercise.cases().forEach(c -> points.put(c.name(), 0));
    return new Row(student, 0, exercise.maxPoints(), points, why);
  }

  /** The CSV: a header, then one row per student; fields quoted where RFC 4180 needs it. */
  public static String csv(Exercise ex, List<Row> rows) {
    StringBuilder out = new StringBuilder("student,score,max");
    ex.cases().forEach(c -> out.append(',').append(c.name()));
    out.append(",note\r\n");
    for (Row r : rows) {
      out.append(field(r.student())).append(',').append(r.score()).append(',').append(r.max());
      ex.cases().forEach(c -> out.append(',').append(r.points().getOrDefault(c.name(), 0)));
      out.append(',').append(field(r.note())).append("\r\n");
    }
    return out.toString();
  }

  static String field(String s) {
    if (s.matches("[^,\"\r\n]*")) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /**
   * A command template split into words as a shell would split it, without running a shell:
   * whitespace separates, single and double quotes group, nothing is expanded.
   */
  public static List<String> words(String template) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char ch : template.toCharArray()) {
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        } else {
          w.append(ch);
        }
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
        inWord = true;
      } else if (Character.isWhitespace(ch)) {
        if (inWord) {
          out.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(ch);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed " + quote + " in the command template");
    }
    if (inWord) {
      out.add(w.toString());
    }
    return out;
  }
}
