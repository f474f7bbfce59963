package dev.netlab.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.grade.classroom.ClassroomWorkflow;
import dev.netlab.grade.exercise.CaseSpec;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.exercise.Exercises;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

/**
 * The GitHub Classroom workflow, parsed as YAML: one command-grader step per case with the case's
 * points, each running exactly that case, and the reporter listing every step once.
 */
@Timeout(30)
class ClassroomWorkflowTest {
  static final String STUDENT = "python3 'my server.py' --port {port}";

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> steps(String yaml) {
    Map<String, Object> doc = new Yaml().load(yaml);
    Map<String, Object> jobs = (Map<String, Object>) doc.get("jobs");
    Map<String, Object> job = (Map<String, Object>) jobs.get("run-autograding-tests");
    return (List<Map<String, Object>>) job.get("steps");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyCaseOfEveryExerciseIsOneStepWithItsPointsAndTheReporterSumsThemAll() {
    for (Exercise ex : Exercises.builtIn().all()) {
      if (ex.kind() != Exercise.Kind.BUILD) {
        continue;
      }
      List<Map<String, Object>> steps =
          steps(ClassroomWorkflow.yaml(ex, STUDENT, ClassroomWorkflow.DEFAULT_LAB));
      List<Map<String, Object>> graders =
          steps.stream()
              .filter(
                  s ->
                      String.valueOf(s.get("uses"))
                          .startsWith("classroom-resources/autograding-command-grader@"))
              .toList();
      assertThat(graders).as(ex.id()).hasSameSizeAs(ex.cases());
      List<String> ids = new ArrayList<>();
      int total = 0;
      for (int i = 0; i < graders.size(); i++) {
        CaseSpec c = ex.cases().get(i);
        Map<String, Object> with = (Map<String, Object>) graders.get(i).get("with");
        assertThat(with.get("max-score")).as(c.name()).isEqualTo(c.points());
        assertThat((Integer) with.get("timeout")).isBetween(1, 60);
        assertThat((String) with.get("command"))
            .isEqualTo(
                "java -jar netlab.jar grade run "
                    + ex.id()
                    + " --case "
                    + c.name()
                    + " --student \"$GITHUB_ACTOR\" -- "
                    + STUDENT);
        String id = (String) graders.get(i).get("id");
        assertThat(id).matches("[a-zA-Z0-9]+");
        ids.add(id);
        total += (Integer) with.get("max-score");
      }
      assertThat(total).isEqualTo(ex.maxPoints());
      Map<String, Object> reporter = steps.get(steps.size() - 1);
      assertThat(reporter.get("uses"))
          .isEqualTo("classroom-resources/autograding-grading-reporter@v1");
      assertThat(((Map<String, Object>) reporter.get("with")).get("runners"))
          .isEqualTo(String.join(",", ids));
      Map<String, Object> env = (Map<String, Object>) reporter.get("env");
      for (String id : ids) {
        assertThat(env.get(id.toUpperCase() + "_RESULTS"))
            .isEqualTo("${{steps." + id + ".outputs.result}}");
      }
    }
  }

  @Test
  void theCommandPrintsTheWorkflowAndRefusesAnUnknownExerciseWithOneLine() {
    GradeCommandsTest.Result r =
        GradeCommandsTest.grade(
            "workflow", "dns-server", "--student-command", "python3 dns.py --port {port}");
    assertThat(r.code()).isZero();
    assertThat(steps(r.out())).hasSize(2 + 6 + 1);
    GradeCommandsTest.Result bad =
        GradeCommandsTest.grade("workflow", "no-such-exercise", "--student-command", "x");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).doesNotContain("\n").isNotEmpty();
  }

  @Test
  void theShippedExampleIsWhatTheCommandGeneratesToday() throws Exception {
    String shipped = Files.readString(Path.of("../grading/github-classroom/classroom.yml"));
    Exercise echo = Solutions.exercise("tcp-echo-server");
    assertThat(shipped)
        .as("regenerate grading/github-classroom/classroom.yml with lab grade workflow")
        .isEqualTo(
            ClassroomWorkflow.yaml(
                echo, "python3 echo_server.py --port {port}", ClassroomWorkflow.DEFAULT_LAB));
  }
}
