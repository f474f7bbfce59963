package dev.netlab.tcp.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.testing.Tools;
import dev.netlab.common.transport.Transport;
import dev.netlab.tcp.TcpMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class EchoEndToEndTest {
  private final LabRun run = LabRun.quiet(Transport.best());
  private final TcpMetrics metrics = new TcpMetrics(run.metrics().registry());

  @RegisterExtension
  final LabServerExtension<EchoServer> echo =
      new LabServerExtension<>(
          () ->
              new EchoServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), run, metrics));

  @ParameterizedTest
  @EnumSource(Transport.class)
  void clientGetsBackExactlyWhatItSent(Transport transport) throws Exception {
    assumeTrue(
        transport != Transport.EPOLL || Transport.best() == Transport.EPOLL,
        "native epoll does not load on this machine (Linux x86_64 and aarch_64 only)");
    LabRun clientRun = LabRun.quiet(transport);
    try (EchoClient client =
        new EchoClient(
            echo.address(),
            clientRun,
            new TcpMetrics(clientRun.metrics().registry()),
            Duration.ofSeconds(5),
            null)) {
      for (String text : new String[] {"one\n", "two two\n", "x".repeat(100_000)}) {
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        assertThat(client.echo(msg, Duration.ofSeconds(5))).isEqualTo(msg);
      }
    }
  }

  @Test
  void stdinModeEchoesUntilEndOfInputThenEnds() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] input = "line 1\nline 2\n".getBytes(StandardCharsets.US_ASCII);
    try (EchoClient client =
        new EchoClient(echo.address(), run, metrics, Duration.ofSeconds(5), out)) {
      assertThat(client.pipe(new ByteArrayInputStream(input), Duration.ofSeconds(5)))
          .isEqualTo(input.length);
    }
    assertThat(out.toByteArray()).isEqualTo(input);
  }

  @Test
  void serverEchoesToNetcat() throws Exception {
    Tools.require("nc");
    Process nc =
        new ProcessBuilder("nc", "-N", "127.0.0.1", String.valueOf(echo.address().getPort()))
            .start();
    nc.getOutputStream().write("hello from nc\n".getBytes(StandardCharsets.US_ASCII));
    nc.getOutputStream().close();
    byte[] back = nc.getInputStream().readAllBytes();
    assertThat(nc.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("hello from nc\n");
  }

  @Test
  void serverEchoesToSocat() throws Exception {
    Tools.require("socat");
    Process socat =
        new ProcessBuilder("socat", "-", "TCP:127.0.0.1:" + echo.address().getPort()).start();
    socat.getOutputStream().write("hello from socat\n".getBytes(StandardCharsets.US_ASCII));
    socat.getOutputStream().close();
    byte[] back = socat.getInputStream().readAllBytes();
    assertThat(socat.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("hello from socat\n");
  }
}
