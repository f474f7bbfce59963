package dev.netlab.tcp.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.testing.Tools;
import dev.netlab.common.transport.Transport;
import dev.netlab.tcp.TcpMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The echo pair over loopback; stdin mode ({@code cat big.iso | lab tcp client}) in bounded memory.
 */
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

  @Test
  @Timeout(120)
  void stdinModeSixtyFourMebibytesPassWhileTheClientKeepsOnlyWhatIsNotYetEchoed() throws Exception {
    long total = 64L << 20;
    try (EchoClient client =
        new EchoClient(echo.address(), run, metrics, Duration.ofSeconds(5), null)) {
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
  void stdinModeReportsAnEchoThatDiffersIsReportedAtItsFirstDifferentByte() throws Exception {
    byte[] input = "abcdefgh".repeat(4096).getBytes();
    try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(() -> echoWithOneByteChanged(peer, 20_000));
      try (EchoClient client =
          new EchoClient(address(peer), run, metrics, Duration.ofSeconds(5), null)) {
        assertThat(client.pipe(new ByteArrayInputStream(input), Duration.ofSeconds(5)))
            .isEqualTo(input.length);
        assertThat(client.receivedBytes()).isEqualTo(input.length);
        assertThat(client.firstMismatch()).isEqualTo(20_000);
      }
      served.join();
    }
  }

  @Test
  void stdinModeFailsWhenTheServerStopsEchoingFailsTheClientInsteadOfFillingIt() throws Exception {
    long total = 4L * EchoClient.WINDOW;
    try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> discard(peer));
      try (EchoClient client =
          new EchoClient(address(peer), run, metrics, Duration.ofSeconds(5), null)) {
        GeneratedInput in = new GeneratedInput(total, client::retainedBytes);

        assertThatThrownBy(() -> client.pipe(in, Duration.ofMillis(200)))
            .isInstanceOf(TimeoutException.class)
            .hasMessageContaining("the server echoed nothing for 200 ms");
        assertThat(in.maxRetained()).isLessThanOrEqualTo(EchoClient.WINDOW + EchoClient.CHUNK);
      }
      served.join();
    }
  }

  @Test
  @Timeout(30)
  void stdinModeGivesUpAfterTheTimeoutWhenAServerReadsAllAndNeverAnswersNorCloses()
      throws Exception {
    try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CountDownLatch done = new CountDownLatch(1);
      // reads to the client's FIN, then keeps the connection open until the test is done
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(
              () -> {
                try (Socket s = peer.accept()) {
                  s.getInputStream().transferTo(OutputStream.nullOutputStream());
                  done.await();
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      try (EchoClient client =
          new EchoClient(address(peer), run, metrics, Duration.ofSeconds(5), null)) {
        assertThatThrownBy(
                () -> client.pipe(new ByteArrayInputStream(new byte[100]), Duration.ofMillis(300)))
            .isInstanceOf(TimeoutException.class)
            .hasMessage("no echo for 300 ms after 0 of 100 bytes");
      } finally {
        done.countDown();
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
      throw new UncheckedIOException(e);
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
