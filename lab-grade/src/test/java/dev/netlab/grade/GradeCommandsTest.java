package dev.netlab.grade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.cli.LabCli;
import dev.netlab.grade.cli.ExerciseLab;
import dev.netlab.grade.cli.GradeLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The contract of {@code lab exercise} and {@code lab grade run}: outputs, files, exit codes. */
@Timeout(60)
class GradeCommandsTest {
  record Result(int code, String out, String err) {}

  static Result run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = LabCli.commandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  static Result grade(String... args) {
    return run(new GradeLab(), args);
  }

  @Test
  void exerciseListShowsEachExercisesIdLabKindAndPoints() throws Exception {
    Result r = run(new ExerciseLab(), "list");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .containsPattern("tcp-echo-server\\s+tcp\\s+build\\s+15")
        .containsPattern("udp-pinger\\s+udp\\s+build\\s+12")
        .containsPattern("rudp-receiver\\s+udp\\s+build\\s+13")
        .containsPattern("tcp-handshake-capture\\s+tcp\\s+observe\\s+12")
        .containsPattern("dns-capture\\s+dns\\s+observe\\s+10")
        .containsPattern("ports-capture\\s+ports\\s+observe\\s+10")
        .containsPattern("udp-loss-capture\\s+udp\\s+observe\\s+10");
    Map<String, Object> json = JSON.std.mapFrom(run(new ExerciseLab(), "list", "--json").out());
    assertThat(json.get("ok")).isEqualTo(true);
    assertThat((List<?>) json.get("exercises")).hasSize(9);
  }

  @Test
  void exerciseShowPrintsThePageAndABadIdIsOneLineNamingTheKnownIds() throws Exception {
    Result r = run(new ExerciseLab(), "show", "tcp-echo-server");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("# Exercise tcp-echo-server").contains("tcp_echo_half_close");
    Result bad = run(new ExerciseLab(), "show", "tcp-echo");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip())
        .doesNotContain("\n")
        .contains("unknown exercise 'tcp-echo'; the exercises are: tcp-echo-server, udp-pinger,");
    Result badJson = run(new ExerciseLab(), "show", "tcp-echo", "--json");
    assertThat(badJson.code()).isEqualTo(2);
    assertThat(JSON.std.mapFrom(badJson.out()).get("ok")).isEqualTo(false);
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    String dir = Solutions.dir().toString();
    for (String[] args :
        List.of(
            new String[] {"run", "no-such-exercise", "--", "python3", "x.py"},
            new String[] {"run", "tcp-echo-server"},
            new String[] {"run", "tcp-echo-server", "--case", "tcp_zzz*", "--", "python3"},
            new String[] {"run", "tcp-echo-server", "--due", "friday", "--", "python3"},
            new String[] {"run", "tcp-echo-server", "--dir", dir + "/nope", "--", "python3"})) {
      Result r = grade(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().strip()).as(String.join(" ", args)).doesNotContain("\n").isNotEmpty();
    }
  }

  @Test
  void fullMarksExitZeroAndEveryReportFileIsWritten(@TempDir Path tmp) throws Exception {
    Solutions.needPython();
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "tcp-echo-server",
                "--case",
                "tcp_echo_one_line",
                "--case",
                "*256*",
                "--dir",
                Solutions.dir().toString(),
                "--student",
                "s1",
                "--secret-file"));
    Path secret = Files.writeString(tmp.resolve("secret"), "a course secret\n");
    args.add(secret.toString());
    for (String f : List.of("junit", "gradescope", "prairielearn", "markdown")) {
      args.add("--" + f);
      args.add(tmp.resolve("out/" + f).toString());
    }
    args.addAll(List.of("--", "python3", "echo_server.py"));
    Result r = grade(args.toArray(String[]::new));
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("score 4/4 (full marks)").contains("student s1");
    assertThat(r.err()).isEmpty();
    for (String f : List.of("junit", "gradescope", "prairielearn", "markdown")) {
      assertThat(tmp.resolve("out/" + f)).isNotEmptyFile();
    }
    assertThat(Files.readString(tmp.resolve("out/gradescope"))).contains("\"score\" : 4");
  }

  @Test
  void lostPointsExitOneAndJsonIsTheOnlyThingOnStdout() throws Exception {
    Solutions.needPython();
    Result r =
        grade(
            "run",
            "tcp-echo-server",
            "--case",
            "tcp_echo_half_close",
            "--json",
            "--dir",
            Solutions.dir().toString(),
            "--",
            "python3",
            "echo_server.py",
            "--bug",
            "no_half_close");
    assertThat(r.code()).isEqualTo(1);
    Map<String, Object> json = JSON.std.mapFrom(r.out());
    assertThat(json.get("ok")).isEqualTo(false);
    assertThat(json.get("score")).isEqualTo(0);
    assertThat(json.get("max_score")).isEqualTo(3);
    assertThat((List<?>) json.get("cases")).hasSize(1);
  }
}
