package dev.netlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.capture.KernelCapture;
import dev.netlab.common.impair.NftablesRule;
import dev.netlab.common.testing.PrivilegedCondition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The main job, end to end: every claim shown, none failed; as root under CI, none skipped. */
class TourCommandTest {
  @Test
  @Timeout(120)
  void tourShowsEveryClaimAndWritesItsReport(@TempDir Path dir) throws Exception {
    LabCommandLineTest.Result r =
        LabCommandLineTest.lab("tour", "--json", "--report", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Object> json = JSON.std.mapFrom(r.out());
    assertThat(((Number) json.get("failed")).intValue()).isZero();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> checks = (List<Map<String, Object>>) json.get("checks");
    assertThat(checks)
        .extracting(c -> c.get("claim"))
        .contains(
            "IP-1", "TCP-1", "TCP-2", "TCP-3", "TCP-4", "STK-1", "STK-2", "IP-3", "IP-4", "IP-5",
            "UDP-1", "IP-6", "PORT-1", "PORT-2", "PORT-3", "DNS-1", "DNS-2", "DNS-3");
    if (PrivilegedCondition.inCi()) {
      assertThat(((Number) json.get("skipped")).intValue()).as(r.out()).isZero();
      assertThat(dir.resolve("tcp-handshake.pcap")).isNotEmptyFile();
    }
    assertThat(Files.readString(dir.resolve("report.md"))).contains("| shown | TCP-3 |");
    if (PrivilegedCondition.inCi() || NftablesRule.permitted() && KernelCapture.toolInstalled()) {
      everyStepsCaptureIsSavedAndListedWithItsFrames(dir, checks);
    }
  }

  /** The refusal, the SYN retransmits, the loss and the lab's own protocol, not two of them. */
  private static void everyStepsCaptureIsSavedAndListedWithItsFrames(
      Path dir, List<Map<String, Object>> stdoutChecks) throws Exception {
    List<String> files =
        List.of(
            "tcp-handshake.pcap",
            "tcp-refused.pcap",
            "tcp-syn-retransmits.pcap",
            "tcp-loss.pcap",
            "udp.pcap",
            "udp-own-protocol.pcap",
            "dns.pcap");
    String report = Files.readString(dir.resolve("report.md"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> saved =
        (List<Map<String, Object>>)
            JSON.std.mapFrom(Files.readString(dir.resolve("tour.json"))).get("checks");
    for (String file : files) {
      assertThat(dir.resolve(file)).as(file).isNotEmptyFile();
      assertThat(report).as("report.md names " + file).contains("`" + file + "` frame");
      assertThat(saved)
          .as("tour.json lists %s with the evidence's frame numbers", file)
          .anySatisfy(
              c -> {
                assertThat(c.get("capture")).isEqualTo(file);
                assertThat((List<?>) c.get("frames")).isNotEmpty();
              });
    }
    assertThat(stdoutChecks).anySatisfy(c -> assertThat(c.get("capture")).isNotNull());
  }
}
