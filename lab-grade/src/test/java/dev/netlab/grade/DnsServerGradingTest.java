package dev.netlab.grade;

import static dev.netlab.grade.Solutions.byName;
import static dev.netlab.grade.Solutions.grade;
import static dev.netlab.grade.Solutions.lost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.Outcome;
import dev.netlab.grade.exercise.Exercise;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dns-server grader, tested like a grader: the Python reference (its DNS encoding written by
 * hand) answers as lab-dns's own server does and scores full marks; each broken variant loses
 * exactly the case that checks its mistake.
 */
@Timeout(120)
class DnsServerGradingTest {
  static final Exercise EX = Solutions.exercise("dns-server");

  @BeforeAll
  static void python() {
    Solutions.needPython();
  }

  @Test
  void aServerThatNeverAnswersScoresNothingAndSaysItsQuestionGotNoAnswer() throws Exception {
    Exercise quick = Solutions.withStartupTimeout(EX, java.time.Duration.ofSeconds(2));
    GradeReport r = grade(quick, "python3", "-c", "import time; time.sleep(60)");
    assertThat(r.score()).isZero();
    for (CaseResult c : r.results()) {
      assertThat(c.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(c.message())
          .contains("never answered a question for course.test's SOA on UDP 127.0.0.1:")
          .doesNotContain("accepted a connection");
    }
  }

  @Test
  void theReferenceScoresFullMarks() throws Exception {
    GradeReport r = grade(EX, "python3", "dns_server.py", "--port", "{port}");
    assertThat(lost(r)).as(r.results().toString()).isEmpty();
    assertThat(r.score()).isEqualTo(EX.maxPoints()).isEqualTo(15);
  }

  @ParameterizedTest(name = "{0} loses exactly {1}")
  @CsvSource({
    "no_aa, dns_a_aaaa_mx_answers_with_aa, 'lab dns serve answers [rcode NOERROR, aa;'",
    "nxdomain_without_soa, dns_nxdomain_with_soa_in_authority, 'your server [rcode NXDOMAIN; answer: (none); authority: (none)]'",
    "wrong_id, dns_id_and_question_echoed, your reply carried id",
    "crashes_on_garbage, dns_survives_garbage_datagrams, your server exited with code 1",
  })
  void aBrokenVariantLosesExactlyTheCaseThatChecksItsMistake(
      String bug, String caseName, String messagePart) throws Exception {
    GradeReport r = grade(EX, "python3", "dns_server.py", "--bug", bug);
    assertThat(lost(r)).as(r.results().toString()).containsExactly(caseName);
    CaseResult c = byName(r).get(caseName);
    assertThat(r.score()).isEqualTo(EX.maxPoints() - c.spec().points());
    assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(c.message()).contains(messagePart);
  }
}
