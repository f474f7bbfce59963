package dev.netlab.udp.rudp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netlab.udp.rudp.wire.RudpMode;
import org.junit.jupiter.api.Test;

/** The figures derived from a finished transfer. */
class RudpResultTest {
  private static RudpResult result(RudpMode mode, long sent, long retransmissions, double srttMs) {
    return new RudpResult(
        mode,
        1_200_000,
        1000,
        1200,
        2.0,
        sent,
        retransmissions,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        srttMs,
        0,
        0,
        10,
        10,
        Double.POSITIVE_INFINITY,
        "ab",
        1_200_000,
        1000,
        0,
        0,
        0,
        0,
        "ab",
        null);
  }

  @Test
  void sentPerDeliveredCountsRetransmissions() {
    assertThat(result(RudpMode.GBN, 2500, 1500, 1).sentPerDelivered()).isEqualTo(2.5);
    assertThat(result(RudpMode.GBN, 2500, 1500, 1).toJson())
        .containsEntry("sent_per_delivered", 2.5);
  }

  @Test
  void mathisPredictsMssOverRttTimesOnePointTwoTwoOverTheRootOfTheLossRate() {
    // p = 100 / 10,000 = 1%: 1200 B x 8 / 10 ms x 1.22 / 0.1 = 11.712 Mbit/s
    RudpResult r = result(RudpMode.RELIABLE, 10_000, 100, 10);
    assertThat(r.retransmissionShare()).isEqualTo(0.01);
    assertThat(r.mathisMbps()).isCloseTo(11.712, within(1e-9));
    assertThat(r.summary()).contains("Mathis predicts 11.71 Mbit/s").contains("p = 1.00%");
    assertThat((Double) r.toJson().get("mathis_mbps")).isCloseTo(11.712, within(1e-9));
  }

  @Test
  void noLossOrNoRttOrSequencedModeGivesNoPrediction() {
    assertThat(result(RudpMode.RELIABLE, 1000, 0, 10).mathisMbps()).isNull();
    assertThat(result(RudpMode.RELIABLE, 1000, 10, 0).mathisMbps()).isNull();
    assertThat(result(RudpMode.SEQUENCED, 1000, 10, 10).mathisMbps()).isNull();
    assertThat(result(RudpMode.GBN, 1000, 10, 10).mathisMbps()).isNull();
    assertThat(result(RudpMode.RELIABLE, 1000, 0, 10).summary()).doesNotContain("Mathis");
    assertThat(result(RudpMode.RELIABLE, 1000, 0, 10).toJson()).containsEntry("mathis_mbps", null);
  }

  @Test
  void eachModePrintsOnlyTheFiguresThatMeanSomethingInIt() {
    RudpResult seq = result(RudpMode.SEQUENCED, 1000, 0, 85);
    assertThat(seq.summary())
        .doesNotContain("cwnd")
        .doesNotContain("srtt")
        .contains("nothing resent");
    assertThat(seq.toJson()).containsEntry("cwnd", null).containsEntry("srtt_ms", null);
    RudpResult gbn = result(RudpMode.GBN, 1000, 10, 1);
    assertThat(gbn.summary()).doesNotContain("cwnd").contains("srtt");
    assertThat(gbn.toJson()).containsEntry("cwnd", null).containsEntry("fast_retransmits", null);
    RudpResult reliable = result(RudpMode.RELIABLE, 1000, 10, 1);
    assertThat(reliable.summary()).contains("cwnd").contains("fast recoveries");
    assertThat(reliable.toJson().get("cwnd")).isNotNull();
  }
}
