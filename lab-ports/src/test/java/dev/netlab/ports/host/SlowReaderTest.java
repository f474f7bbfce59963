package dev.netlab.ports.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.Await;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that never reads must not grow the server's memory: what the server queues for it (the
 * channel's pending outbound bytes) stays bounded, like the TCP lab's sender.
 */
@Timeout(60)
class SlowReaderTest {
  /** Netty's default high water mark: the channel turns unwritable above it. */
  static final int HIGH = WriteBufferWaterMark.DEFAULT.high();

  /**
   * What one read loop may take in before the echo handler turns reading off: Netty reads up to 16
   * messages of up to 64 KiB per loop.
   */
  static final int READ_LOOP = 16 * 65_536;

  private final LabRun run = LabRun.quiet(Transport.best());

  @RegisterExtension
  final LabServerExtension<HostServer> host =
      new LabServerExtension<>(
          () ->
              new HostServer(
                  HostConfig.anyPort(
                      InetAddress.getLoopbackAddress(), EnumSet.of(Service.ECHO, Service.CHARGEN)),
                  run));

  @Test
  void chargenStopsGeneratingWhileTheClientDoesNotRead() throws Exception {
    try (Socket client = connect(host.server().address(Service.CHARGEN, false))) {
      Channel ch = serverSide(client);
      Await.until(
          "the chargen channel to turn unwritable", Duration.ofSeconds(10), () -> !ch.isWritable());
      assertThat(pending(ch)).isPositive().isLessThanOrEqualTo(HIGH + Chargen.CYCLE_BYTES);
      // the kernel may still take some of it into the socket buffers, turning the channel writable
      // again for a moment: whatever it generates then stays within the bound too
      Await.until(
          "the chargen channel to stall for good",
          Duration.ofSeconds(10),
          () -> !ch.isWritable() && pendingUnchecked(ch) == pendingUnchecked(ch));
      assertThat(pending(ch)).isLessThanOrEqualTo(HIGH + Chargen.CYCLE_BYTES);
    }
  }

  @Test
  void echoStopsReadingWhileTheClientDoesNotReadItsEchoes() throws Exception {
    try (Socket client = connect(host.server().address(Service.ECHO, false))) {
      Channel ch = serverSide(client);
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(() -> writeUntilClosed(client, 64 << 20));
      Await.until(
          "the echo channel to stop reading",
          Duration.ofSeconds(20),
          () -> !ch.config().isAutoRead());
      assertThat(pending(ch)).isLessThanOrEqualTo(HIGH + READ_LOOP);
      assertThat(writer).isNotDone(); // the client's writes block: the server reads no more
    }
  }

  private static Socket connect(InetSocketAddress to) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(to, 5000);
    return s;
  }

  private Channel serverSide(Socket client) {
    Await.until(
        "the server to accept", Duration.ofSeconds(5), () -> find(client.getLocalPort()) != null);
    return find(client.getLocalPort());
  }

  private Channel find(int clientPort) {
    for (Channel c : host.server().limit().channels()) {
      if (((InetSocketAddress) c.remoteAddress()).getPort() == clientPort) {
        return c;
      }
    }
    return null;
  }

  /** Bytes queued in the channel and not yet written to the socket, read on its event loop. */
  private static long pending(Channel ch) throws Exception {
    return ch.eventLoop()
        .submit(
            () -> {
              ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
              return b == null ? 0L : b.totalPendingWriteBytes();
            })
        .get();
  }

  private static long pendingUnchecked(Channel ch) {
    try {
      return pending(ch);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeUntilClosed(Socket s, int bytes) {
    byte[] chunk = new byte[65_536];
    try {
      OutputStream out = s.getOutputStream();
      for (int sent = 0; sent < bytes; sent += chunk.length) {
        out.write(chunk);
      }
    } catch (IOException closedByTheTest) {
      // the test closed the socket while this write was blocked
    }
  }
}
