package dev.netlab.tcp.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.LabException;
import dev.netlab.common.capture.CaptureSummary;
import dev.netlab.common.capture.CaptureTools;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.RefusingTool;
import dev.netlab.common.transport.Transport;
import dev.netlab.tcp.TcpMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A capture that ran but saw nothing, and a capture file that cannot be written. */
@Timeout(30)
class HandshakeNothingCapturedTest {
  private final LabRun run = LabRun.quiet(Transport.best());

  @Test
  void aCaptureThatSawNothingSaysSoInsteadOfPrintingIsnMinusOne() {
    InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), 10007);
    HandshakeResult r =
        new HandshakeResult(
            client,
            server,
            0.2,
            Optional.empty(),
            ConnectionTrace.of(List.of(), client, server),
            null,
            new CaptureSummary("tcpdump", "lo", 0L),
            List.of(),
            null);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    r.print(new Console(new PrintWriter(out), new PrintWriter(err), false));
    String all = out + "\n" + err;
    assertThat(all)
        .contains("nothing captured")
        .contains("tcpdump on lo, first 512 bytes of each packet")
        .doesNotContain("ISN -1")
        .doesNotContain("INCOMPLETE");
    assertThat(r.toJson()).containsEntry("captured_packets", 0);
  }

  @Test
  void captureFileAskedForWithoutPermissionIsAnErrorAndNoFile(@TempDir Path dir) throws Exception {
    Path refusing = RefusingTool.create(dir, "tcpdump", RefusingTool.TCPDUMP_SAYS);
    Path file = dir.resolve("handshake.pcap");
    HandshakeObserver observer =
        new HandshakeObserver(
            run,
            new TcpMetrics(run.metrics().registry()),
            Duration.ofSeconds(5),
            CaptureTools.of(refusing));
    assertThatThrownBy(() -> observer.observe(null, 1, file))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("cannot write --capture " + file)
        .hasMessageContaining("permission");
    assertThat(file).doesNotExist();
  }
}
