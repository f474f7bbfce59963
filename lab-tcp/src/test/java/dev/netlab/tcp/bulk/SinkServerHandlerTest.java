package dev.netlab.tcp.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.BackgroundSha256;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
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
                Runnable::run,
                Duration.ZERO,
                "1",
                seen::set));
    byte[] a = "first part, ".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "second part".getBytes(StandardCharsets.US_ASCII);
    ch.writeInbound(Unpooled.wrappedBuffer(a));
    ch.writeInbound(Unpooled.directBuffer().writeBytes(b));
    ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    ch.runPendingTasks();

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

  @Test
  void stopsReadingWhileTheHashQueueIsFullAndResumesWhenItDrains() throws Exception {
    // The hashing "thread" runs only when the test says so: the sink receives faster than it
    // hashes.
    Queue<Runnable> hashing = new ArrayDeque<>();
    AtomicReference<TransferReport> seen = new AtomicReference<>();
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new SinkServerHandler(
                Console.silent(),
                new TcpMetrics(new SimpleMeterRegistry()),
                true,
                hashing::add,
                Duration.ZERO,
                "1",
                seen::set));
    int size = 64 * 1024;
    long max = BackgroundSha256.DEFAULT_MAX_QUEUED_BYTES;
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    List<ByteBuf> sent = new ArrayList<>();
    Random random = new Random(1);
    // Twice the bound: a sink without backpressure would still be reading at the end.
    for (long offered = 0; offered < 2 * max && ch.config().isAutoRead(); offered += size) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      md.update(bytes);
      ByteBuf buf = Unpooled.directBuffer(size).writeBytes(bytes);
      sent.add(buf);
      ch.writeInbound(buf);
    }
    assertThat(ch.config().isAutoRead()).as("autoRead once the hash queue is full").isFalse();
    long held = sent.stream().filter(b -> b.refCnt() > 0).mapToLong(ByteBuf::readableBytes).sum();
    assertThat(held).as("bytes held for hashing").isBetween(max, max + size);

    while (!hashing.isEmpty()) {
      hashing.poll().run();
    }
    ch.runPendingTasks();
    assertThat(ch.config().isAutoRead()).as("autoRead once the hash queue drained").isTrue();
    assertThat(sent).allMatch(b -> b.refCnt() == 0, "released once hashed");

    ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    while (!hashing.isEmpty()) {
      hashing.poll().run();
    }
    ch.runPendingTasks();
    ByteBuf line = ch.readOutbound();
    TransferReport report = TransferReport.parse(line.toString(StandardCharsets.US_ASCII));
    line.release();
    assertThat(report.bytes()).isEqualTo((long) sent.size() * size);
    assertThat(report.sha256()).isEqualTo(HexFormat.of().formatHex(md.digest()));
    ch.finishAndReleaseAll();
  }

  @Test
  void doesNotReadPastTheFinWhenTheHashCatchesUpAfterIt() throws Exception {
    Queue<Runnable> hashing = new ArrayDeque<>();
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new SinkServerHandler(
                Console.silent(),
                new TcpMetrics(new SimpleMeterRegistry()),
                true,
                hashing::add,
                Duration.ZERO,
                "1",
                r -> {}));
    long max = BackgroundSha256.DEFAULT_MAX_QUEUED_BYTES;
    ch.writeInbound(Unpooled.directBuffer((int) max).writeZero((int) max));
    assertThat(ch.config().isAutoRead()).as("autoRead with a full hash queue").isFalse();

    ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    while (!hashing.isEmpty()) {
      hashing.poll().run();
    }
    ch.runPendingTasks();
    // Reading again after the end of the stream would make Netty close the channel unreported.
    assertThat(ch.config().isAutoRead()).as("autoRead after FIN").isFalse();
    ByteBuf line = ch.readOutbound();
    assertThat(line).as("the report").isNotNull();
    assertThat(TransferReport.parse(line.toString(StandardCharsets.US_ASCII)).bytes())
        .isEqualTo(max);
    line.release();
    ch.finishAndReleaseAll();
  }
}
