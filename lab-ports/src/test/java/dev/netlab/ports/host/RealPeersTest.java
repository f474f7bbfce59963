package dev.netlab.ports.host;

import static dev.netlab.ports.host.Peers.ascii;
import static dev.netlab.ports.host.Peers.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.testing.Tools;
import dev.netlab.common.transport.Transport;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The services answer peers no one here wrote: OpenBSD {@code nc}, {@code socat} and {@code curl},
 * exactly as their RFCs say. Skipped where a tool is missing, except under CI.
 */
@Timeout(60)
class RealPeersTest {
  private final LabRun run = LabRun.quiet(Transport.best());

  @RegisterExtension
  final LabServerExtension<HostServer> host =
      new LabServerExtension<>(
          () ->
              new HostServer(
                  HostConfig.anyPort(
                      InetAddress.getLoopbackAddress(), EnumSet.allOf(Service.class)),
                  run));

  private String port(Service s, boolean udp) {
    return String.valueOf(host.server().address(s, udp).getPort());
  }

  @Test
  void ncGetsTheDaytimeOverTcpAndOverUdp() throws Exception {
    Tools.require("nc");
    assertThat(text(tool(null, "nc", "127.0.0.1", port(Service.DAYTIME, false))))
        .endsWith("-UTC\r\n");
    // one datagram in (the newline), one out; -w1 ends nc a second after its input ends
    assertThat(text(tool(ascii("\n"), "nc", "-u", "-w1", "127.0.0.1", port(Service.DAYTIME, true))))
        .endsWith("-UTC\r\n");
  }

  @Test
  void ncGetsTheQuoteAndDiscardsWhatItSends() throws Exception {
    Tools.require("nc");
    assertThat(text(tool(null, "nc", "127.0.0.1", port(Service.QOTD, false))))
        .isEqualTo(Quotes.of(Instant.now()));
    assertThat(tool(ascii("thrown away\n"), "nc", "-N", "127.0.0.1", port(Service.DISCARD, false)))
        .isEmpty();
  }

  @Test
  void ncReadsChargensPattern() throws Exception {
    Tools.require("nc");
    Process nc = new ProcessBuilder("nc", "127.0.0.1", port(Service.CHARGEN, false)).start();
    try {
      nc.getOutputStream().close();
      byte[] first = nc.getInputStream().readNBytes(2 * Chargen.LINE_BYTES);
      assertThat(text(first)).isEqualTo(Chargen.text(0) + "\r\n" + Chargen.text(1) + "\r\n");
    } finally {
      nc.destroy();
      nc.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void socatEchoesOverTcpAndOverUdp() throws Exception {
    Tools.require("socat");
    assertThat(
            text(
                tool(
                    ascii("hello tcp\n"),
                    "socat",
                    "-",
                    "TCP:127.0.0.1:" + port(Service.ECHO, false))))
        .isEqualTo("hello tcp\n");
    assertThat(
            text(
                tool(
                    ascii("hello udp\n"),
                    "socat",
                    "-T1",
                    "-",
                    "UDP:127.0.0.1:" + port(Service.ECHO, true))))
        .isEqualTo("hello udp\n");
  }

  @Test
  void socatGetsTheTimesFourBytesAndAChargenLineOverUdp() throws Exception {
    Tools.require("socat");
    long before = Instant.now().getEpochSecond();
    byte[] time = tool(null, "socat", "-u", "TCP:127.0.0.1:" + port(Service.TIME, false), "-");
    assertThat(time).hasSize(4);
    assertThat(TimeFormat.decode(time).getEpochSecond()).isBetween(before - 1, before + 10);
    assertThat(
            tool(ascii("\n"), "socat", "-T1", "-", "UDP:127.0.0.1:" + port(Service.CHARGEN, true)))
        .isEqualTo(Chargen.line(0));
  }

  @Test
  void curlGetsThePageWithItsOwnFourTuple() throws Exception {
    Tools.require("curl");
    String url = "http://127.0.0.1:" + port(Service.HTTP, false) + "/";
    String page =
        text(tool(null, "curl", "-sS", "--max-time", "5", "-w", "\nlocal_port=%{local_port}", url));
    String localPort = page.substring(page.lastIndexOf("local_port=") + "local_port=".length());
    assertThat(page)
        .contains("4-tuple (127.0.0.1, " + localPort + ", 127.0.0.1, " + port(Service.HTTP, false))
        .contains("TCP      " + port(Service.DAYTIME, false) + "  daytime");
    assertThat(text(tool(null, "curl", "-sS", "-I", "--max-time", "5", url)))
        .startsWith("HTTP/1.1 200 OK");
    assertThat(text(tool(null, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url + "x")))
        .isEqualTo("404");
  }

  /** Runs {@code command} with {@code stdin} (or none) and returns its stdout. */
  private static byte[] tool(byte[] stdin, String... command) throws Exception {
    Process p =
        new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(false).start();
    try {
      if (stdin != null) {
        p.getOutputStream().write(stdin);
      }
      p.getOutputStream().close();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
      return out;
    } finally {
      p.destroyForcibly();
    }
  }
}
