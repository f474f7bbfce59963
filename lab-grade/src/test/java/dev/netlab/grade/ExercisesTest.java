package dev.netlab.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.grade.capture.Bindings;
import dev.netlab.grade.capture.CaptureRubric;
import dev.netlab.grade.engine.Suites;
import dev.netlab.grade.exercise.CaseSpec;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.exercise.Exercises;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exercises as data: each file, its page and its suite agree with one another. */
@Timeout(10)
class ExercisesTest {
  @Test
  void everyCaseHasACheckAndEveryCheckACase() {
    for (Exercise e : Exercises.builtIn().all()) {
      if (e.kind() == Exercise.Kind.OBSERVE) {
        assertThat(
                CaptureRubric.parse(Exercises.builtIn().source(e.id()), new Bindings(1, "t"))
                    .keySet())
            .as(e.id())
            .containsExactlyElementsOf(e.cases().stream().map(CaseSpec::name).toList());
        continue;
      }
      var checks = Suites.forExercise(e.id()).orElseThrow().checks().keySet();
      assertThat(e.cases().stream().map(CaseSpec::name).toList())
          .as(e.id())
          .containsExactlyInAnyOrderElementsOf(checks);
    }
  }

  @Test
  void everyPageListsEveryCaseWithItsNumberAndPoints() {
    Exercises all = Exercises.builtIn();
    for (Exercise e : all.all()) {
      String page = all.page(e.id());
      assertThat(page).as(e.id()).startsWith("# Exercise " + e.id() + ":");
      assertThat(page).contains(e.maxPoints() + " points");
      for (CaseSpec c : e.cases()) {
        assertThat(page)
            .as(e.id() + " page row of " + c.name())
            .containsPattern(
                Pattern.quote("| " + c.number() + " | `" + c.name() + "` | " + c.points() + " |"));
      }
    }
  }

  @Test
  void aCaseNameTellsItsParameters() {
    for (Exercise e : Exercises.builtIn().all()) {
      for (CaseSpec c : e.cases()) {
        for (var p : c.params().entrySet()) {
          String v = p.getValue().toString();
          String shown = v.equals("1048576") ? "1mib" : v;
          // the value as a word of its own, or with its unit: _40_clients_, _50ports, _10s_
          assertThat(c.name())
              .as("%s's %s", c.name(), p.getKey())
              .containsPattern("_" + shown + "([a-z]*_|[a-z]+$)");
        }
      }
    }
  }

  @Test
  void aBrokenExerciseFileIsRejectedWithTheReason() {
    assertThatThrownBy(
            () ->
                Exercises.parse(
                    "{\"id\":\"x\",\"lab\":\"tcp\",\"kind\":\"build\",\"title\":\"t\","
                        + "\"role\":\"server\",\"cases\":[{\"name\":\"Bad Name\",\"number\":\"1\","
                        + "\"points\":1,\"timeout_ms\":100}]}"))
        .hasMessageContaining("lower_snake_case");
    assertThatThrownBy(() -> Exercises.parse("{\"id\": 3}"))
        .hasMessageContaining("'id' must be a string");
  }
}
