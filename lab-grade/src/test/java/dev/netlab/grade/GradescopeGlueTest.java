package dev.netlab.grade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * grading/gradescope/run_autograder in Gradescope's layout (under a temporary root instead of
 * /autograder): it grades the submission's run.sh and always leaves a results.json.
 */
@Timeout(120)
class GradescopeGlueTest {
  static final Path SCRIPT = Path.of("../grading/gradescope/run_autograder").toAbsolutePath();

  @BeforeAll
  static void python() {
    Solutions.needPython();
  }

  /** Lays out source/, submission/ and the metadata as Gradescope does, then runs the script. */
  static Map<String, Object> autograde(Path root, String runSh) throws Exception {
    Path source = Files.createDirectories(root.resolve("source"));
    Files.writeString(source.resolve("exercise"), "tcp-echo-server\n");
    Files.writeString(source.resolve("course-secret"), "a course secret\n");
    Path submission = Files.createDirectories(root.resolve("submission"));
    if (runSh != null) {
      Files.writeString(submission.resolve("run.sh"), runSh);
    }
    Files.writeString(
        root.resolve("submission_metadata.json"),
        "{\"id\": 1, \"users\": [{\"email\": \"ada@example.edu\", \"id\": 7}]}");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder("bash", SCRIPT.toString())
            .redirectErrorStream(true)
            .directory(root.toFile());
    pb.environment().put("AUTOGRADER_ROOT", root.toString());
    pb.environment()
        .put(
            "NETLAB",
            java
                + " -cp "
                + System.getProperty("java.class.path")
                + " "
                + LabStandIn.class.getName());
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(100, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    return JSON.std.mapFrom(Files.readString(root.resolve("results/results.json")));
  }

  @Test
  void aSubmissionIsGradedIntoResultsJson(@TempDir Path root) throws Exception {
    Map<String, Object> r =
        autograde(root, "exec python3 " + Solutions.dir().resolve("echo_server.py") + "\n");
    assertThat(r.get("score")).isEqualTo(15);
    assertThat((List<?>) r.get("tests")).hasSize(6);
    assertThat((String) r.get("output")).contains("student ada@example.edu");
  }

  @Test
  void aSubmissionWithoutRunShStillGetsAResultsJsonThatSaysWhy(@TempDir Path root)
      throws Exception {
    Map<String, Object> r = autograde(root, null);
    assertThat(r.get("score")).isEqualTo(0);
    assertThat((String) r.get("output")).contains("No run.sh in your submission");
  }
}
