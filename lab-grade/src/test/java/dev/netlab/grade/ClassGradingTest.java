package dev.netlab.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.grade.classroom.ClassGrader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab grade class}: three submissions (the reference, a broken one, one without its file)
 * give three CSV rows, the broken and the missing one costing what they should and stopping
 * nothing.
 */
@Timeout(180)
class ClassGradingTest {
  @BeforeAll
  static void python() {
    Solutions.needPython();
  }

  @Test
  void aFolderOfSubmissionsBecomesOneCsvRowPerStudent(@TempDir Path tmp) throws Exception {
    Path subs = tmp.resolve("hand-ins");
    Path ref = Solutions.dir().resolve("echo_server.py");
    Files.createDirectories(subs.resolve("ada"));
    Files.copy(ref, subs.resolve("ada/echo.py"));
    Files.createDirectories(subs.resolve("bob"));
    // bob's server forgets the half-close: the reference run with that bug
    Files.writeString(
        subs.resolve("bob/echo.py"),
        "import os, sys\nos.execvp(sys.executable, [sys.executable, "
            + "'"
            + ref
            + "', '--bug', 'no_half_close'] + sys.argv[1:])\n");
    Files.createDirectories(subs.resolve("cy")); // handed in nothing
    Path csv = tmp.resolve("out/scores.csv");
    GradeCommandsTest.Result r =
        GradeCommandsTest.grade(
            "class",
            "tcp-echo-server",
            "--submissions",
            subs.toString(),
            "--command",
            "python3 echo.py --port {port}",
            "--csv",
            csv.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("ada: 15/15 points", "bob: 12/15 points", "cy: 0/15 points");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0))
        .isEqualTo(
            "student,score,max,tcp_echo_one_line,tcp_echo_all_256_byte_values,"
                + "tcp_echo_1mib_byte_exact,tcp_echo_concurrent_40_clients,tcp_echo_half_close,"
                + "tcp_echo_client_killed_midway_server_survives,note");
    assertThat(lines.get(1)).isEqualTo("ada,15,15,2,2,3,3,3,2,");
    assertThat(lines.get(2)).isEqualTo("bob,12,15,2,2,3,3,0,2,");
    assertThat(lines.get(3)).startsWith("cy,0,15,0,0,0,0,0,0,").contains("exited (code 2)");
    assertThat(lines).hasSize(4);
  }

  @Test
  void aTemplateIsSplitIntoWordsLikeAShellWithoutRunningOne() {
    assertThat(ClassGrader.words("python3 'my server.py' --name \"a b\" {port}"))
        .containsExactly("python3", "my server.py", "--name", "a b", "{port}");
  }

  @Test
  void aMissingSubmissionsFolderIsAUsageError(@TempDir Path tmp) {
    GradeCommandsTest.Result r =
        GradeCommandsTest.grade(
            "class",
            "tcp-echo-server",
            "--submissions",
            tmp.resolve("nope").toString(),
            "--command",
            "python3 x.py",
            "--csv",
            tmp.resolve("x.csv").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("no folder");
  }
}
