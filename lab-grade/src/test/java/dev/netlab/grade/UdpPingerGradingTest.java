package dev.netlab.grade;

import static dev.netlab.grade.Solutions.byName;
import static dev.netlab.grade.Solutions.grade;
import static dev.netlab.grade.Solutions.lost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.Outcome;
import dev.netlab.grade.engine.StudentSeed;
import dev.netlab.grade.exercise.Exercise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The udp-pinger grader, tested like a grader: the reference pinger scores full marks through the
 * seeded lossy relay; a pinger that counts its timeouts as replies loses exactly the summary case;
 * one that never exits is stopped and scores nothing; a student's loss pattern is the same on every
 * rerun and differs from another student's.
 */
@Timeout(180)
class UdpPingerGradingTest {
  static final Exercise EX = Solutions.exercise("udp-pinger");

  @BeforeAll
  static void python() {
    Solutions.needPython();
  }

  @Test
  void theReferenceScoresFullMarks() throws Exception {
    GradeReport r = grade(EX, "python3", "pinger.py");
    assertThat(lost(r)).as(r.results().toString()).isEmpty();
    assertThat(r.score()).isEqualTo(12);
    assertThat(byName(r).get("udp_ping_seeded_loss_lines_match_relay").message())
        .containsPattern("\\d+ lines match the relay at \\d+% loss");
  }

  @Test
  void countingTimeoutsAsRepliesLosesExactlyTheSummaryCase() throws Exception {
    GradeReport r = grade(EX, "python3", "pinger.py", "--bug", "counts_timeouts_as_replies");
    assertThat(lost(r))
        .as(r.results().toString())
        .containsExactly("udp_ping_seeded_loss_summary_matches_relay");
    CaseResult c = byName(r).get("udp_ping_seeded_loss_summary_matches_relay");
    assertThat(r.score()).isEqualTo(EX.maxPoints() - c.spec().points());
    assertThat(c.message())
        .contains("expected the summary line '20 packets transmitted,")
        .contains("your pinger printed '20 packets transmitted, 20 received, 0% packet loss'")
        .contains("the relay, at");
  }

  @Test
  void aPingerThatNeverExitsIsStoppedAndScoresNothing() throws Exception {
    Exercise one =
        Solutions.only(EX, Duration.ofSeconds(15), "udp_ping_no_loss_10_replies_reported");
    long t0 = System.nanoTime();
    GradeReport r = grade(one, "python3", "pinger.py", "--bug", "never_exits");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(14));
    assertThat(r.score()).isZero();
    assertThat(r.results().get(0).outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(r.results().get(0).message()).contains("was still running when its time was up");
  }

  @Test
  void aPingerThatCannotStartIsAnErrorOnEveryCase() throws Exception {
    GradeReport r = grade(EX, "no-such-pinger");
    assertThat(r.score()).isZero();
    for (CaseResult c : r.results()) {
      assertThat(c.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(c.message()).contains("'no-such-pinger' is not a file");
    }
  }

  @Test
  void aStudentsLossPatternRepeatsOnRerunAndDiffersFromAnotherStudents() throws Exception {
    Exercise lossy =
        Solutions.only(EX, Duration.ofSeconds(20), "udp_ping_seeded_loss_lines_match_relay");
    byte[] secret = "course secret".getBytes(StandardCharsets.UTF_8);
    String a1 =
        lossLine(grade(lossy, new StudentSeed(secret, EX.id(), "alice"), "python3", "pinger.py"));
    String a2 =
        lossLine(grade(lossy, new StudentSeed(secret, EX.id(), "alice"), "python3", "pinger.py"));
    String b =
        lossLine(grade(lossy, new StudentSeed(secret, EX.id(), "bob"), "python3", "pinger.py"));
    assertThat(a1).isEqualTo(a2);
    assertThat(b).isNotEqualTo(a1);
  }

  /** The seq= lines of the case's output: which pings got replies. */
  private static String lossLine(GradeReport r) {
    assertThat(lost(r)).isEmpty();
    return String.join(
        "\n",
        r.results()
            .get(0)
            .output()
            .lines()
            .filter(l -> l.startsWith("seq="))
            .map(l -> l.replaceAll("rtt=.*", "reply"))
            .toList());
  }
}
