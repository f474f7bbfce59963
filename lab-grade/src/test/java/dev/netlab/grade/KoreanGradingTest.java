package dev.netlab.grade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.grade.GradeCommandsTest.Result;
import dev.netlab.grade.cli.ExerciseLab;
import dev.netlab.grade.cli.GradeLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --lang ko} and LANG=ko_KR.UTF-8: the grader speaks the course notes' Korean. */
@Timeout(60)
class KoreanGradingTest {
  /** A run that fails without python: the student's command is not there. */
  static final List<String> MISSING_PROGRAM =
      List.of("run", "tcp-echo-server", "--case", "tcp_echo_one_line", "--", "no-such-program-x");

  @AfterEach
  void backToEnglish() {
    Messages.use(Locale.ENGLISH);
  }

  static String[] with(List<String> head, String... more) {
    List<String> all = new ArrayList<>(head);
    all.addAll(2, List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void aGradingRunWithLangKoPrintsKoreanAndEnglishStaysTheDefault() {
    Result ko = GradeCommandsTest.run(new GradeLab(), with(MISSING_PROGRAM, "--lang", "ko"));
    assertThat(ko.code()).isEqualTo(1);
    assertThat(ko.out()).contains("프로그램을 시작할 수 없습니다").contains("점수 0/");
    Result en = GradeCommandsTest.run(new GradeLab(), MISSING_PROGRAM.toArray(String[]::new));
    assertThat(en.out()).contains("could not start your program").doesNotContain("점수");
  }

  @Test
  void theBrokenEchoServerLosesItsPointsInKoreanAndReportFilesAreKorean(@TempDir Path tmp)
      throws Exception {
    Solutions.needPython();
    Path md = tmp.resolve("feedback.md");
    Path gs = tmp.resolve("results.json");
    Result r =
        GradeCommandsTest.run(
            new GradeLab(),
            "run",
            "tcp-echo-server",
            "--lang",
            "ko",
            "--case",
            "tcp_echo_half_close",
            "--dir",
            Solutions.dir().toString(),
            "--markdown",
            md.toString(),
            "--gradescope",
            gs.toString(),
            "--",
            "python3",
            "echo_server.py",
            "--bug",
            "no_half_close");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("서버가 자기 쪽을 닫지 않았습니다").contains("FIN");
    assertThat(Files.readString(md, StandardCharsets.UTF_8)).contains("서버가 자기 쪽을 닫지 않았습니다");
    Map<String, Object> json = JSON.std.mapFrom(Files.readString(gs, StandardCharsets.UTF_8));
    assertThat(json).containsKeys("score", "tests");
    assertThat(json.get("output").toString()).contains("점");
  }

  @Test
  void langKoRenamesNoJsonKeysAndABadLangIsAOneLineUsageError() throws Exception {
    Result json =
        GradeCommandsTest.run(new GradeLab(), with(MISSING_PROGRAM, "--lang", "ko", "--json"));
    Map<String, Object> m = JSON.std.mapFrom(json.out());
    assertThat(m).containsKeys("ok", "score", "max_score", "cases");
    Result bad = GradeCommandsTest.run(new GradeLab(), with(MISSING_PROGRAM, "--lang", "fr"));
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).doesNotContain("\n").contains("--lang takes en or ko; got 'fr'");
    Result list = GradeCommandsTest.run(new ExerciseLab(), "show", "nope", "--lang", "ko");
    assertThat(list.code()).isEqualTo(2);
    assertThat(list.err()).contains("알 수 없는 연습 'nope'");
  }

  @Test
  void langKoKrUtf8InTheEnvironmentPicksKorean() throws Exception {
    assertThat(run(Map.of("LANG", "ko_KR.UTF-8"))).contains("프로그램을 시작할 수 없습니다");
    assertThat(run(Map.of("LANG", "en_US.UTF-8"))).contains("could not start your program");
  }

  private static String run(Map<String, String> env) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsun.stdout.encoding=UTF-8",
                "-Dstdout.encoding=UTF-8",
                "-cp",
                System.getProperty("java.class.path"),
                GradeMain.class.getName()));
    cmd.addAll(MISSING_PROGRAM);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("LC_ALL");
    pb.environment().remove("LC_MESSAGES");
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }
}
