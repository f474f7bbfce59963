package dev.netlab.tcp.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.payload.Payload;
import dev.netlab.common.testing.Await;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import dev.netlab.tcp.TcpConnector;
import dev.netlab.tcp.TcpMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class BulkTransferTest {
  private final LabRun run = LabRun.quiet(Transport.best());
  private final TcpMetrics metrics = new TcpMetrics(run.metrics().registry());
  private final CopyOnWriteArrayList<TransferReport> reports = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final LabServerExtension<SinkServer> sink =
      new LabServerExtension<>(
          () ->
              new SinkServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  run,
                  metrics,
                  true,
                  Duration.ZERO,
                  reports::add));

  private SendClient sender() {
    return new SendClient(
        run, metrics, true, Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(100));
  }

  @Test
  void sixtyFourMebibytesArriveWithTheSameSha256() throws Exception {
    long bytes = 64L << 20;
    SendResult r = sender().sendBytes(sink.address(), bytes);
    String independent;
    try (Payload payload = Payload.generated(bytes, SendClient.PAYLOAD_SEED)) {
      independent = sha256Of(payload);
    }
    assertThat(r.bytesSent()).isEqualTo(bytes);
    assertThat(r.report().bytes()).isEqualTo(bytes);
    assertThat(r.sentSha256()).isEqualTo(independent);
    assertThat(r.report().sha256()).isEqualTo(independent);
    assertThat(r.intact()).isTrue();
    assertThat(reports)
        .singleElement()
        .extracting(TransferReport::bytes, TransferReport::sha256)
        .containsExactly(bytes, independent);
    if (Transport.best() == Transport.EPOLL) {
      assertThat(r.tcpInfo()).isPresent();
    }
  }

  @Test
  void aFileArrivesWithItsOwnSha256(@TempDir Path dir) throws Exception {
    byte[] content = new byte[3 * 1024 * 1024 + 7];
    new Random(7).nextBytes(content);
    Path file = Files.write(dir.resolve("payload.bin"), content);
    SendResult r = sender().sendFile(sink.address(), file);
    String expected =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    assertThat(r.report().sha256()).isEqualTo(expected);
    assertThat(r.intact()).isTrue();
  }

  @Test
  void aFileWithoutASizeIsSentUntilItsEnd() throws Exception {
    Path cpuinfo = Path.of("/proc/cpuinfo"); // says it has 0 bytes, as every /proc file does
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(cpuinfo), "needs Linux's /proc");
    byte[] content = Files.readAllBytes(cpuinfo);
    SendResult r = sender().sendFile(sink.address(), cpuinfo);
    assertThat(r.bytesSent()).isEqualTo(content.length).isPositive();
    assertThat(r.report().sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    assertThat(r.intact()).isTrue();
  }

  @Test
  void aSinkKilledMidTransferIsOneSentenceWithTheBytesSoFar() throws Exception {
    try (ServerSocket dying = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> killed =
          CompletableFuture.runAsync(
              () -> {
                try (Socket s = dying.accept()) {
                  s.getInputStream().readNBytes(1 << 20);
                  s.setSoLinger(true, 0); // close with RST, as the kernel does for a killed sink
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      assertThatThrownBy(
              () -> sender().sendBytes((InetSocketAddress) dying.getLocalSocketAddress(), 1L << 30))
          .isInstanceOf(LabException.class)
          .hasMessageStartingWith("the transfer failed: the sink closed the connection (reset)")
          .hasMessageContaining(" of 1073741824 bytes")
          .hasMessageNotContaining("writev")
          .hasMessageNotContaining("error(");
      killed.join();
    }
  }

  @Test
  void aReceiverThatNeverReadsDoesNotMakeTheSenderBufferWithoutBound() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Payload payload = Payload.generated(1L << 30, SendClient.PAYLOAD_SEED)) {
      SendClientHandler handler = new SendClientHandler(payload, false);
      EventLoopGroup group = run.transport().newGroup(1);
      try {
        Channel ch =
            TcpConnector.connect(
                group,
                run.transport(),
                new SendClientInitializer(run, metrics, handler),
                (InetSocketAddress) silent.getLocalSocketAddress(),
                Duration.ofSeconds(5),
                metrics);
        try (Socket accepted = silent.accept()) {
          Await.until(
              "the sender to stop being writable", Duration.ofSeconds(20), () -> !ch.isWritable());
          long pending =
              ch.unsafe().outboundBuffer() == null
                  ? 0
                  : ch.unsafe().outboundBuffer().totalPendingWriteBytes();
          assertThat(pending)
              .isLessThanOrEqualTo(TcpConnector.WATER_MARK.high() + SendClientHandler.CHUNK);
          // What left user space sits in the two kernels' socket buffers, a few MiB at most.
          assertThat(handler.sent()).isLessThan(64L << 20);
          assertThat(accepted.isConnected()).isTrue();
        }
        ch.close().sync();
      } finally {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
      }
    }
  }

  static String sha256Of(Payload payload) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ByteBuf chunk;
    while ((chunk = payload.next(ByteBufAllocator.DEFAULT, SendClientHandler.CHUNK)) != null) {
      byte[] b = new byte[chunk.readableBytes()];
      chunk.readBytes(b);
      chunk.release();
      md.update(b);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
