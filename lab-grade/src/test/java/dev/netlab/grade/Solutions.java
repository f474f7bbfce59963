package dev.netlab.grade;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.Grader;
import dev.netlab.grade.engine.StudentSeed;
import dev.netlab.grade.engine.Suites;
import dev.netlab.grade.exercise.CaseSpec;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.exercise.Exercises;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The Python reference solutions under test resources, run as a student's programs. */
public final class Solutions {
  private Solutions() {}

  /** Where the solutions are (target/test-classes/solutions). */
  public static Path dir() {
    try {
      return Path.of(Solutions.class.getResource("/solutions/echo_server.py").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Skips without python3; under CI=true its absence fails instead (.ci/run installs it). */
  public static void needPython() {
    boolean found =
        List.of(System.getenv("PATH").split(":")).stream()
            .anyMatch(d -> Files.isExecutable(Path.of(d, "python3")));
    if (!found && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true and no python3 on PATH: the graders' tests need it");
    }
    assumeTrue(found, "python3 is not on PATH: the reference solutions cannot run");
  }

  public static Exercise exercise(String id) {
    return Exercises.builtIn().find(id).orElseThrow();
  }

  /** Grades {@code command} for the practice student, every case. */
  public static GradeReport grade(Exercise ex, String... command) throws InterruptedException {
    return grade(ex, StudentSeed.practice(ex.id()), command);
  }

  public static GradeReport grade(Exercise ex, StudentSeed seed, String... command)
      throws InterruptedException {
    return new Grader(ex, Suites.forExercise(ex.id()).orElseThrow(), List.of(command), dir(), seed)
        .run(c -> true, Optional.empty(), false);
  }

  /** The exercise as it is, except that a server gets only {@code startup} to become ready. */
  public static Exercise withStartupTimeout(Exercise ex, Duration startup) {
    return new Exercise(
        ex.id(),
        ex.lab(),
        ex.kind(),
        ex.title(),
        ex.role(),
        startup,
        ex.due(),
        ex.params(),
        ex.cases());
  }

  /** The exercise with only the cases named, each with {@code timeout}. */
  public static Exercise only(Exercise ex, Duration timeout, String... names) {
    List<CaseSpec> cases = new ArrayList<>();
    for (CaseSpec c : ex.cases()) {
      if (List.of(names).contains(c.name())) {
        cases.add(
            new CaseSpec(
                c.name(),
                c.number(),
                c.points(),
                timeout,
                c.visibility(),
                c.requires(),
                c.params()));
      }
    }
    return ex.withCases(cases);
  }

  /** The results by case name. */
  public static Map<String, CaseResult> byName(GradeReport r) {
    return r.results().stream()
        .collect(Collectors.toMap(c -> c.spec().name(), Function.identity()));
  }

  /** The names of the cases that lost points. */
  public static List<String> lost(GradeReport r) {
    return r.results().stream().filter(c -> !c.passed()).map(c -> c.spec().name()).toList();
  }
}
