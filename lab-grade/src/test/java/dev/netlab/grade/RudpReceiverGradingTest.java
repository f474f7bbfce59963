package dev.netlab.grade;

import static dev.netlab.grade.Solutions.byName;
import static dev.netlab.grade.Solutions.grade;
import static dev.netlab.grade.Solutions.lost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.StudentSeed;
import dev.netlab.grade.exercise.Exercise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rudp-receiver grader, tested like a grader: the Python reference receiver scores full marks
 * against lab-udp's sender through the seeded relay, and each broken variant loses exactly the case
 * that checks its mistake, with a message that names it.
 */
@Timeout(240)
class RudpReceiverGradingTest {
  static final Exercise EX = Solutions.exercise("rudp-receiver");
  static final String[] RECEIVER = {"python3", "rudp_receiver.py"};

  @BeforeAll
  static void python() {
    Solutions.needPython();
  }

  @Test
  void theReferenceScoresFullMarks() throws Exception {
    GradeReport r = grade(EX, RECEIVER);
    assertThat(lost(r)).as(r.results().toString()).isEmpty();
    assertThat(r.score()).isEqualTo(13);
    assertThat(byName(r).get("udp_reliable_recv_10loss_reorder_1mib").message())
        .contains("1048576 bytes arrived byte-exact through the relay (loss 10%");
  }

  @Test
  void aReceiverWithoutSackOrBufferingLosesExactlyTheLossCase() throws Exception {
    CaseResult c = lostExactly("no_sack", "udp_reliable_recv_10loss_reorder_1mib");
    assertThat(c.message())
        .contains("sent 1048576 bytes through the relay (loss 10%")
        .contains("they arrived byte-exact, but the sender had to send")
        .contains("per datagram; at most 2.0 passes")
        .contains("report it in SACK blocks");
  }

  @Test
  void aReceiverDeliveringDuplicatesLosesExactlyTheDuplicateCase() throws Exception {
    CaseResult c = lostExactly("delivers_duplicates", "udp_reliable_recv_20duplicate_256kib");
    assertThat(c.message())
        .contains("sent 262144 bytes (SHA-256 ")
        .contains("your FIN-ACK reported")
        .contains("deliver each seq once");
  }

  @Test
  void aReceiverIgnoringTheChecksumLosesExactlyTheCorruptCase() throws Exception {
    CaseResult c = lostExactly("ignores_checksum", "udp_reliable_recv_10corrupt_256kib");
    assertThat(c.message()).contains("your FIN-ACK reported").contains("CRC32C");
  }

  @Test
  void aReceiverCrashingOnGarbageLosesExactlyTheGarbageCase() throws Exception {
    CaseResult c = lostExactly("crashes_on_garbage", "udp_reliable_recv_garbage_survived_64kib");
    assertThat(c.message()).contains("your receiver exited").contains("5 bytes 'hello'");
  }

  @Test
  void aStudentsImpairmentIsSeededFromTheirIdAndRepeatsOnRerun() throws Exception {
    Exercise lossy =
        Solutions.only(EX, Duration.ofSeconds(30), "udp_reliable_recv_10loss_reorder_1mib");
    byte[] secret = "course secret".getBytes(StandardCharsets.UTF_8);
    String a1 = relaySeed(grade(lossy, new StudentSeed(secret, EX.id(), "alice"), RECEIVER));
    String a2 = relaySeed(grade(lossy, new StudentSeed(secret, EX.id(), "alice"), RECEIVER));
    String b = relaySeed(grade(lossy, new StudentSeed(secret, EX.id(), "bob"), RECEIVER));
    assertThat(a1).isEqualTo(a2);
    assertThat(b).isNotEqualTo(a1);
  }

  /** The relay's seed as the passing case's message names it. */
  private static String relaySeed(GradeReport r) {
    assertThat(lost(r)).as(r.results().toString()).isEmpty();
    Matcher m = Pattern.compile("seed (-?\\d+)").matcher(r.results().get(0).message());
    assertThat(m.find()).as(r.results().get(0).message()).isTrue();
    return m.group(1);
  }

  private static CaseResult lostExactly(String bug, String caseName) throws Exception {
    GradeReport r = grade(EX, "python3", "rudp_receiver.py", "--bug", bug);
    assertThat(lost(r)).as(r.results().toString()).containsExactly(caseName);
    CaseResult c = byName(r).get(caseName);
    assertThat(r.score()).isEqualTo(EX.maxPoints() - c.spec().points());
    return c;
  }
}
