package dev.netlab.tcp.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.Privileged;
import dev.netlab.common.transport.Transport;
import dev.netlab.tcp.TcpMetrics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HandshakeObserverTest {
  private final LabRun run = LabRun.quiet(Transport.best());

  @Test
  @Privileged(tools = "tcpdump")
  void kernelPacketsShowSynSynAckAckWithIsnPlusOne() throws Exception {
    HandshakeResult r =
        new HandshakeObserver(run, new TcpMetrics(run.metrics().registry()), Duration.ofSeconds(5))
            .observe(null, 2, null);
    ConnectionTrace t = r.trace();
    assertThat(t).as("capture ran: %s", r.captureProblem()).isNotNull();
    List<String> flags = t.rows().stream().map(row -> row.tcp().flagString()).toList();
    assertThat(flags.subList(0, 3)).containsExactly("S", "S.", ".");
    assertThat(t.rows().get(1).tcp().ack()).isEqualTo((t.clientIsn() + 1) & 0xffffffffL);
    assertThat(t.rows().get(2).tcp().ack()).isEqualTo((t.serverIsn() + 1) & 0xffffffffL);
    assertThat(t.handshakeComplete()).isTrue();
    assertThat(flags).contains("F.");
    assertThat(t.activeCloser()).isEqualTo("client");
    assertThat(r.firstData().tcp().payloadLength()).isEqualTo("hello, netlab 1\n".length());
  }
}
