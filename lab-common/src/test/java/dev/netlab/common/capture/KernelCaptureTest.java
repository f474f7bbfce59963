package dev.netlab.common.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.testing.Privileged;
import dev.netlab.common.testing.RefusingTool;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class KernelCaptureTest {
  /** What dumpcap says to a user who may not capture: "Capturing on" first. */
  static final String DUMPCAP_REFUSES =
      "Capturing on 'Loopback: lo'\n"
          + "dumpcap: You do not have permission to capture on device \"lo\".\n"
          + "(socket: Operation not permitted)\n"
          + "Please check to make sure you have sufficient permissions.";

  static Path refusingTool(Path dir, String name, String said) throws IOException {
    return RefusingTool.create(dir, name, said);
  }

  static Path installed(String name) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(name + " is not installed");
  }

  @Test
  void everyToolIsToldTheSnapLengthAndALargerBuffer() {
    assertThat(CaptureToolDialect.command("/usr/bin/tcpdump", "lo", "udp"))
        .containsSubsequence("-B", "16384")
        .containsSubsequence("-s", "512");
    for (String tool : List.of("/usr/bin/dumpcap", "/usr/bin/tshark")) {
      assertThat(CaptureToolDialect.command(tool, "lo", "udp"))
          .containsSubsequence("-B", "16")
          .containsSubsequence("-s", "512");
    }
  }

  @Test
  void theToolsDropCountIsReadFromWhatItSaysWhenStopped() {
    assertThat(
            CaptureToolDialect.droppedIn(
                "3 packets captured\n6 packets received by filter\n138 packets dropped by kernel\n"))
        .isEqualTo(138L);
    assertThat(
            CaptureToolDialect.droppedIn(
                "Packets received/dropped on interface 'Loopback: lo': 786/12"
                    + " (pcap:12/dumpcap:0/flushed:0/ps_ifdrop:0) (98.5%)"))
        .isEqualTo(12L);
    assertThat(CaptureToolDialect.droppedIn("Capturing on 'Loopback: lo'")).isNull();
  }

  @Test
  void dropsTheToolReportedAreSaidToBeMissingFromTheCaptureNotLost() {
    assertThat(new CaptureSummary("tcpdump", "lo", 138L).dropNote())
        .contains("138")
        .contains("not lost on the network");
    assertThat(new CaptureSummary("tcpdump", "lo", 0L).dropNote()).isNull();
    assertThat(new CaptureSummary("tshark", "lo", null).dropNote()).isNull();
    assertThat(new CaptureSummary("dumpcap", "lo", 0L).heading())
        .isEqualTo("dumpcap on lo, first 512 bytes of each packet");
  }

  @Test
  void aRefusedToolIsNotTheEndAndTheMessageGivesTheStepsThatWork(@TempDir Path dir)
      throws Exception {
    Path copy = dir.resolve("never.pcap");
    CaptureTools tools =
        CaptureTools.of(
            refusingTool(dir, "tcpdump", RefusingTool.TCPDUMP_SAYS),
            refusingTool(dir, "dumpcap", DUMPCAP_REFUSES));
    assertThatThrownBy(() -> KernelCapture.start(tools, "lo", "udp port 9", copy))
        .isInstanceOf(CaptureUnavailableException.class)
        .hasMessageContaining("tcpdump: lo: You don't have permission")
        .hasMessageContaining("dumpcap: You do not have permission to capture")
        .hasMessageContaining("sudo dpkg-reconfigure wireshark-common")
        .hasMessageContaining("usermod -aG wireshark")
        .hasMessageContaining("log in again")
        .hasMessageContaining("NETLAB_CAPTURE_TOOL")
        .hasMessageNotContaining("setcap")
        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
    assertThat(copy).doesNotExist();
  }

  @Test
  void theRouteInterfaceIsReadFromIpRouteGet() {
    assertThat(
            CaptureInterface.routeInterface(
                "192.0.2.7 via 10.0.0.1 dev eth0 src 10.0.0.5 uid 0 \n    cache"))
        .isEqualTo("eth0");
    assertThat(
            CaptureInterface.routeInterface(
                "local 10.0.0.5 dev lo table local src 10.0.0.5 uid 0 \n    cache <local>"))
        .isEqualTo("lo");
    assertThat(CaptureInterface.routeInterface("RTNETLINK answers: Network is unreachable"))
        .isNull();
  }

  @Test
  void loopbackTargetsAreCapturedOnLoopback() throws Exception {
    assertThat(CaptureInterface.interfaceFor(InetAddress.getByName("127.0.0.1")))
        .isEqualTo(CaptureInterface.loopbackInterface());
  }

  @Test
  @Privileged(tools = {"tcpdump", "dumpcap"})
  void whenTcpdumpIsRefusedDumpcapCaptures(@TempDir Path dir) throws Exception {
    CaptureTools tools =
        CaptureTools.of(
            refusingTool(dir, "tcpdump", RefusingTool.TCPDUMP_SAYS), installed("dumpcap"));
    try (KernelCapture capture = firstDatagramCaptured(tools, dir.resolve("c.pcap"))) {
      assertThat(capture.tool()).isEqualTo("dumpcap");
    }
  }

  @Test
  @Privileged(tools = "tcpdump")
  void tcpdumpCapturesTheFirstDatagramSentAfterStart(@TempDir Path dir) throws Exception {
    startedMeansCapturing(installed("tcpdump"), dir);
  }

  @Test
  @Privileged(tools = "dumpcap")
  void dumpcapCapturesTheFirstDatagramSentAfterStart(@TempDir Path dir) throws Exception {
    // dumpcap says "Capturing on" before it captures: this once lost the demo's first packets
    startedMeansCapturing(installed("dumpcap"), dir);
  }

  @Test
  @Privileged(tools = "tshark")
  void tsharkCapturesTheFirstDatagramSentAfterStart(@TempDir Path dir) throws Exception {
    startedMeansCapturing(installed("tshark"), dir);
  }

  private static void startedMeansCapturing(Path tool, Path dir) throws Exception {
    for (int i = 0; i < 3; i++) {
      Path file = dir.resolve("run" + i + ".pcap");
      try (KernelCapture capture = firstDatagramCaptured(CaptureTools.of(tool), file)) {
        capture.close();
        if (!capture.tool().equals("tshark")) {
          assertThat(capture.dropped()).as("the drop count the tool reported").isNotNull();
        }
      }
    }
  }

  /** Starts a capture, sends one datagram at once, and checks it was the first packet seen. */
  private static KernelCapture firstDatagramCaptured(CaptureTools tools, Path file)
      throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (DatagramSocket target = new DatagramSocket(0, lo);
        DatagramSocket sender = new DatagramSocket(0, lo)) {
      KernelCapture capture =
          KernelCapture.start(tools, "lo", "udp port " + target.getLocalPort(), file);
      byte[] data = {1, 2, 3};
      sender.send(new DatagramPacket(data, data.length, lo, target.getLocalPort()));
      List<Packet> seen = capture.await(p -> !p.isEmpty(), Duration.ofSeconds(5));
      assertThat(seen).as("packets captured by " + capture.tool()).hasSize(1);
      assertThat(seen.get(0).udp().destinationPort()).isEqualTo(target.getLocalPort());
      // the start marker came first: it is frame 1 of the file, and left out of packets()
      assertThat(capture.frameOf(seen.get(0))).isGreaterThan(1);
      return capture;
    }
  }
}
