package dev.netlab.ports.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A connection with nothing read or written for the idle timeout is closed, and counted. */
@Timeout(30)
class IdleTimeoutTest {
  private final LabRun run = LabRun.quiet(Transport.best());

  @RegisterExtension
  final LabServerExtension<HostServer> host =
      new LabServerExtension<>(
          () ->
              new HostServer(
                  new HostConfig(
                      InetAddress.getLoopbackAddress(),
                      EnumSet.of(Service.ECHO),
                      null,
                      new ConnectionLimit(10, Duration.ofMillis(300)),
                      Clock.systemUTC()),
                  run));

  @Test
  void aForgottenConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(host.server().address(Service.ECHO, false), 5000);
      s.setSoTimeout(10_000);
      long start = System.nanoTime();
      assertThat(s.getInputStream().read()).isEqualTo(-1); // the server's FIN
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(250));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> echo = (Map<String, Object>) host.server().figures().get("echo_tcp");
    assertThat(echo.get("connections_idle_closed")).isEqualTo(1L);
  }
}
