package dev.netlab.grade;

import static dev.netlab.grade.Solutions.byName;
import static dev.netlab.grade.Solutions.grade;
import static dev.netlab.grade.Solutions.lost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netlab.common.impair.NftablesRule;
import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.Grader;
import dev.netlab.grade.engine.Outcome;
import dev.netlab.grade.engine.StudentSeed;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.portscan.PortScannerSuite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The port-scanner grader, tested like a grader: the Python reference scores full marks, each
 * broken variant loses exactly the case that checks its mistake. The filtered case needs nftables
 * (root): it runs under CI=true and is unavailable, scoring 0 and saying why, elsewhere.
 */
@Timeout(180)
class PortScannerGradingTest {
  static final Exercise EX = Solutions.exercise("port-scanner");
  static final String FILTERED = "port_scan_tcp_filtered_drop";

  @BeforeAll
  static void python() {
    Solutions.needPython();
    if ("true".equals(System.getenv("CI"))) {
      assertThat(NftablesRule.permitted()).as(NftablesRule.whyNotPermitted()).isTrue();
    }
  }

  @Test
  void theReferenceScoresFullMarks() throws Exception {
    assumeTrue(NftablesRule.permitted(), NftablesRule.whyNotPermitted());
    GradeReport r = grade(EX, "python3", "scanner.py", "{host}", "{ports}");
    assertThat(lost(r)).as(r.results().toString()).isEmpty();
    assertThat(r.score()).isEqualTo(EX.maxPoints()).isEqualTo(10);
  }

  @Test
  void withoutNftablesTheFilteredCaseSaysItCannotRunHere() throws Exception {
    // a machine without nftables, even where this one has it: the suite is told it has none
    GradeReport r =
        new Grader(
                EX,
                new PortScannerSuite(() -> "nft is not installed (test)"),
                java.util.List.of("python3", "scanner.py", "{host}", "{ports}"),
                Solutions.dir(),
                StudentSeed.practice(EX.id()))
            .run(c -> true, java.util.Optional.empty(), false);
    assertThat(lost(r)).containsExactly(FILTERED);
    assertThat(byName(r).get(FILTERED).outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(byName(r).get(FILTERED).message()).contains("nftables");
  }

  @ParameterizedTest(name = "{0} loses exactly {1}")
  @CsvSource({
    "rst_is_open, port_scan_tcp_open_closed_50ports, is closed (conn-refused) to lab ports scan; yours said open",
    "timeout_is_closed, port_scan_tcp_filtered_drop, is filtered (no-response) to lab ports scan; yours said closed",
    "sequential, port_scan_finishes_within_10s_for_1000ports, did not finish 1000 ports within 10 s",
  })
  void aBrokenVariantLosesExactlyTheCaseThatChecksItsMistake(
      String bug, String caseName, String messagePart) throws Exception {
    assumeTrue(
        NftablesRule.permitted() || !caseName.equals(FILTERED), NftablesRule.whyNotPermitted());
    GradeReport r = grade(EX, "python3", "scanner.py", "{host}", "{ports}", "--bug", bug);
    java.util.List<String> expected =
        NftablesRule.permitted() || caseName.equals(FILTERED)
            ? java.util.List.of(caseName)
            : java.util.List.of(caseName, FILTERED);
    assertThat(lost(r)).as(r.results().toString()).containsExactlyInAnyOrderElementsOf(expected);
    CaseResult c = byName(r).get(caseName);
    assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(c.message()).contains(messagePart);
  }
}
