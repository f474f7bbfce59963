package dev.netlab.tcp.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.Console;
import dev.netlab.tcp.TcpMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SinkServerHandlerTest {
  @Test
  void reportsCountAndSha256OfWhatArrivedAfterFin() throws Exception {
    AtomicReference<TransferReport> seen = new AtomicReference<>();
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new SinkServerHandler(
                Console.silent(),
                new TcpMetrics(new SimpleMeterRegistry()),
                true,
                Duration.ZERO,
                "1",
                seen::set));
    byte[] a = "first part, ".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "second part".getBytes(StandardCharsets.US_ASCII);
    ch.writeInbound(Unpooled.wrappedBuffer(a));
    ch.writeInbound(Unpooled.directBuffer().writeBytes(b));
    ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(a);
    md.update(b);
    String expected = HexFormat.of().formatHex(md.digest());
    ByteBuf line = ch.readOutbound();
    TransferReport report = TransferReport.parse(line.toString(StandardCharsets.US_ASCII));
    line.release();
    assertThat(report.bytes()).isEqualTo(a.length + b.length);
    assertThat(report.sha256()).isEqualTo(expected);
    assertThat(seen.get().sha256()).isEqualTo(expected);
    assertThat(ch.isOpen()).isFalse();
    ch.finishAndReleaseAll();
  }
}
