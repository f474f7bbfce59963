package dev.netlab.tcp.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import dev.netlab.tcp.TcpMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stdin mode ({@code cat big.iso | lab tcp client}): bounded memory, and the echo compared. */
@Timeout(120)
class EchoClientStreamTest {
  private static final Duration CONNECT = Duration.ofSeconds(5);

  private final LabRun run = LabRun.quiet(Transport.best());
  private final TcpMetrics metrics = new TcpMetrics(run.metrics().registry());

  @RegisterExtension
  final LabServerExtension<EchoServer> echo =
      new LabServerExtension<>(
          () ->
              new EchoServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), run, metrics));

  @Test
  void sixtyFourMebibytesPassWhileTheClientKeepsOnlyWhatIsNotYetEchoed() throws Exception {
    long total = 64L << 20;
    try (EchoClient client = new EchoClient(echo.address(), run, metrics, CONNECT, null)) {
      GeneratedInput in = new GeneratedInput(total, client::retainedBytes);

      assertThat(client.pipe(in, Duration.ofSeconds(30))).isEqualTo(total);

      assertThat(in.maxRetained())
          .as("bytes held for the echo, seen at each read of the input")
          .isPositive()
          .isLessThanOrEqualTo(EchoClient.WINDOW + EchoClient.CHUNK);
      assertThat(client.receivedBytes()).isEqualTo(total);
      assertThat(client.firstMismatch()).isEqualTo(-1);
      assertThat(client.retainedBytes()).isZero();
    }
  }

  @Test
  void anEchoThatDiffersIsReportedAtItsFirstDifferentByte() throws Exception {
    byte[] input = "abcdefgh".repeat(4096).getBytes();
    try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(() -> echoWithOneByteChanged(peer, 20_000));
      try (EchoClient client = new EchoClient(address(peer), run, metrics, CONNECT, null)) {
        assertThat(client.pipe(new ByteArrayInputStream(input), CONNECT)).isEqualTo(input.length);
        assertThat(client.receivedBytes()).isEqualTo(input.length);
        assertThat(client.firstMismatch()).isEqualTo(20_000);
      }
      served.join();
    }
  }

  @Test
  void aServerThatStopsEchoingFailsTheClientInsteadOfFillingIt() throws Exception {
    long total = 4L * EchoClient.WINDOW;
    try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> discard(peer));
      try (EchoClient client = new EchoClient(address(peer), run, metrics, CONNECT, null)) {
        GeneratedInput in = new GeneratedInput(total, client::retainedBytes);

        assertThatThrownBy(() -> client.pipe(in, Duration.ofMillis(200)))
            .isInstanceOf(TimeoutException.class)
            .hasMessageContaining("the server echoed nothing for 200 ms");
        assertThat(in.maxRetained()).isLessThanOrEqualTo(EchoClient.WINDOW + EchoClient.CHUNK);
      }
      served.join();
    }
  }

  private static InetSocketAddress address(ServerSocket s) {
    return (InetSocketAddress) s.getLocalSocketAddress();
  }

  /** Echoes one connection to its end, with byte {@code at} changed. */
  private static void echoWithOneByteChanged(ServerSocket peer, long at) {
    try (Socket s = peer.accept()) {
      byte[] buf = new byte[4096];
      long offset = 0;
      for (int n; (n = s.getInputStream().read(buf)) > 0; offset += n) {
        if (at >= offset && at < offset + n) {
          buf[(int) (at - offset)] ^= 1;
        }
        s.getOutputStream().write(buf, 0, n);
      }
      s.shutdownOutput();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads one connection to its end and sends nothing back. */
  private static void discard(ServerSocket peer) {
    try (Socket s = peer.accept()) {
      s.getInputStream().transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // the client closed with data unread: the end we waited for
    }
  }

  /** {@code length} pseudo-random bytes; notes the client's retained bytes at every read. */
  private static final class GeneratedInput extends InputStream {
    private final SplittableRandom random = new SplittableRandom(42);
    private final LongSupplier retained;
    private long left;
    private long maxRetained;

    GeneratedInput(long length, LongSupplier retained) {
      this.left = length;
      this.retained = retained;
    }

    long maxRetained() {
      return maxRetained;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      maxRetained = Math.max(maxRetained, retained.getAsLong());
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) random.nextInt();
      }
      left -= n;
      return n;
    }
  }
}
