package dev.netlab.grade;

import static dev.netlab.grade.Solutions.byName;
import static dev.netlab.grade.Solutions.grade;
import static dev.netlab.grade.Solutions.lost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.Outcome;
import dev.netlab.grade.engine.OutputCapture;
import dev.netlab.grade.engine.ProcessTree;
import dev.netlab.grade.exercise.Exercise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tcp-echo-server grader, tested like a grader: the Python reference scores full marks, and
 * each deliberately broken variant loses exactly the points of the case that checks its mistake,
 * with a message that names what went wrong.
 */
@Timeout(120)
class TcpEchoServerGradingTest {
  static final Exercise EX = Solutions.exercise("tcp-echo-server");

  @BeforeAll
  static void python() {
    Solutions.needPython();
  }

  @Test
  void theReferenceScoresFullMarks() throws Exception {
    GradeReport r = grade(EX, "python3", "echo_server.py");
    assertThat(lost(r)).as(r.results().toString()).isEmpty();
    assertThat(r.score()).isEqualTo(EX.maxPoints()).isEqualTo(15);
    assertThat(r.fullMarks()).isTrue();
  }

  @Test
  void theCommandLineGetsHostAndPortSubstituted() throws Exception {
    Exercise one = Solutions.only(EX, Duration.ofSeconds(3), "tcp_echo_one_line");
    // LAB_PORT would say the same: an explicit --port {port} must win over a wrong default
    GradeReport r = grade(one, "python3", "echo_server.py", "--host", "{host}", "--port", "{port}");
    assertThat(lost(r)).isEmpty();
  }

  @ParameterizedTest(name = "{0} loses exactly {1}")
  @CsvSource({
    "drop_last_byte_of_full_buffer, tcp_echo_1mib_byte_exact, first differ at byte 4095",
    "one_client_at_a_time, tcp_echo_concurrent_40_clients, client 2 of 40",
    "no_half_close, tcp_echo_half_close, never closed its side",
    "dies_on_reset, tcp_echo_client_killed_midway_server_survives, your server exited with code 3",
  })
  void aBrokenVariantLosesExactlyTheCaseThatChecksItsMistake(
      String bug, String caseName, String messagePart) throws Exception {
    GradeReport r = grade(EX, "python3", "echo_server.py", "--bug", bug);
    assertThat(lost(r)).as(r.results().toString()).containsExactly(caseName);
    CaseResult c = byName(r).get(caseName);
    assertThat(r.score()).isEqualTo(EX.maxPoints() - c.spec().points());
    assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(c.message()).contains(messagePart);
  }

  @Test
  void theReadmesUnfinishedExampleLosesTheConcurrencyAndResetCasesSayingWhy() throws Exception {
    String example =
        Path.of("../grading/examples/echo_first_attempt.py").toAbsolutePath().toString();
    GradeReport r = grade(EX, "python3", example);
    assertThat(lost(r))
        .containsExactly(
            "tcp_echo_concurrent_40_clients", "tcp_echo_client_killed_midway_server_survives");
    assertThat(byName(r).get("tcp_echo_concurrent_40_clients").message())
        .contains("clients could connect at once");
    // an uncaught ConnectionResetError ends the Python program: exit code 1
    assertThat(byName(r).get("tcp_echo_client_killed_midway_server_survives").message())
        .contains("your server exited with code 1");
  }

  @Test
  void aServerThatNeverListensScoresNothingAndSaysWhy() throws Exception {
    Exercise quick = Solutions.withStartupTimeout(EX, Duration.ofSeconds(2));
    long t0 = System.nanoTime();
    GradeReport r = grade(quick, "python3", "echo_server.py", "--bug", "never_listens");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(r.score()).isZero();
    for (CaseResult c : r.results()) {
      assertThat(c.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(c.message()).contains("never accepted a connection on 127.0.0.1:").contains("2 s");
    }
    assertThat(r.programOutput()).contains("echo server starting");
  }

  @Test
  void aServerThatExitsAtOnceScoresNothingAndShowsItsOutput() throws Exception {
    GradeReport r = grade(EX, "python3", "echo_server.py", "--bug", "no_such_bug");
    assertThat(r.score()).isZero();
    assertThat(r.results().get(0).message()).contains("exited (code 2) before it listened");
    assertThat(r.results().get(0).output()).contains("invalid choice");
  }

  @Test
  void aServerThatHangsTimesOutCaseByCaseAndNeverPasses() throws Exception {
    Exercise two =
        Solutions.only(EX, Duration.ofMillis(1500), "tcp_echo_one_line", "tcp_echo_half_close");
    long t0 = System.nanoTime();
    GradeReport r = grade(two, "python3", "echo_server.py", "--bug", "hangs");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    assertThat(r.score()).isZero();
    for (CaseResult c : r.results()) {
      assertThat(c.outcome()).isIn(Outcome.FAILED, Outcome.TIMED_OUT);
      assertThat(c.message()).contains("expected").contains("nothing more came");
    }
  }

  @Test
  void aProgramThatFloodsItsOutputKeepsItsMarksAndTheGraderKeepsABoundedPart() throws Exception {
    GradeReport r = grade(EX, "python3", "echo_server.py", "--bug", "floods_output");
    assertThat(lost(r)).isEmpty();
    assertThat(r.programOutput().length()).isLessThan(OutputCapture.KEPT + 200);
    assertThat(r.programOutput()).contains("more bytes of output not kept");
    for (CaseResult c : r.results()) {
      assertThat(c.output().length()).isLessThan(OutputCapture.KEPT_PER_CASE + 200);
    }
  }

  @Test
  void everyProcessTheProgramStartedIsGoneAfterTheRun(@TempDir Path tmp) throws Exception {
    Path pids = tmp.resolve("pids");
    Exercise one = Solutions.only(EX, Duration.ofSeconds(3), "tcp_echo_one_line");
    GradeReport r =
        grade(
            one,
            "python3",
            "echo_server.py",
            "--bug",
            "forks_sleeper",
            "--pid-file",
            pids.toString());
    assertThat(lost(r)).isEmpty();
    List<Long> started = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
    assertThat(started).hasSize(2); // a child, and an orphan whose parent had exited
    for (long pid : started) {
      assertThat(ProcessTree.running(pid)).as("process %d after the run", pid).isFalse();
    }
    assertThat(r.notes()).isEmpty();
  }

  @Test
  void aMissingProgramIsAnErrorOnEveryCaseNotACrash() throws Exception {
    Exercise one = Solutions.only(EX, Duration.ofSeconds(3), "tcp_echo_one_line");
    GradeReport r = grade(one, "no-such-program-here", "x");
    assertThat(r.results().get(0).outcome()).isEqualTo(Outcome.ERROR);
    assertThat(r.results().get(0).message()).contains("'no-such-program-here' is not a file");
  }

  @Test
  void aCaseTheMachineCannotRunScoresNothingAndSaysWhatIsMissing() throws Exception {
    Exercise one = Solutions.only(EX, Duration.ofSeconds(3), "tcp_echo_one_line");
    Exercise needs =
        one.withCases(List.of(one.cases().get(0).requiring("command:netlab-no-such-tool")));
    GradeReport r = grade(needs, "python3", "echo_server.py");
    CaseResult c = r.results().get(0);
    assertThat(c.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(c.score()).isZero();
    assertThat(c.message()).contains("lacks the command 'netlab-no-such-tool'");
    assertThat(r.fullMarks()).isFalse();
  }
}
