package dev.netlab.tcp.echo;

import dev.netlab.common.cli.LabRun;
import dev.netlab.tcp.TcpConnector;
import dev.netlab.tcp.TcpMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An echo client: sends messages or a stream and reads back what the server returns. */
public final class EchoClient implements AutoCloseable {
  /** Bytes read from the input per write in stdin mode. */
  static final int CHUNK = 8192;

  /**
   * Most bytes stdin mode has sent and not yet seen echoed: beyond it, it waits for the echo. Far
   * above what loopback needs to run at full speed, and all the client keeps of its input.
   */
  static final int WINDOW = 1 << 20;

  private final EventLoopGroup group;
  private final EchoClientHandler handler;
  private final Channel channel;

  /**
   * Connects to {@code server}.
   *
   * @param mirror where echoed bytes are copied as they arrive (stdout in stdin mode), or null
   */
  public EchoClient(
      InetSocketAddress server,
      LabRun run,
      TcpMetrics metrics,
      Duration connectTimeout,
      OutputStream mirror)
      throws InterruptedException {
    this.group = run.transport().newGroup(1);
    this.handler = new EchoClientHandler(mirror);
    try {
      this.channel =
          TcpConnector.connect(
              group,
              run.transport(),
              new EchoClientInitializer(run, metrics, handler),
              server,
              connectTimeout,
              metrics);
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  public Channel channel() {
    return channel;
  }

  /** Sends {@code message} and waits for the same number of bytes to come back. */
  public byte[] echo(byte[] message, Duration timeout)
      throws InterruptedException, IOException, TimeoutException {
    CompletableFuture<byte[]> back = handler.expect(message);
    channel.writeAndFlush(Unpooled.wrappedBuffer(message));
    try {
      return back.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /**
   * Copies {@code in} to the server until end of input (like nc), comparing the echo with what was
   * sent, then half-closes and waits for the server to finish echoing and close. At most {@link
   * #WINDOW} bytes are sent ahead of the echo.
   *
   * @param idle how long the echo may make no progress while the window is full
   * @return bytes sent
   * @throws TimeoutException if the server stopped echoing for {@code idle}
   */
  public long pipe(InputStream in, Duration idle)
      throws IOException, InterruptedException, TimeoutException {
    byte[] buf = new byte[CHUNK];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0 && channel.isActive()) {
      byte[] chunk = Arrays.copyOf(buf, n);
      handler.send(chunk, WINDOW, idle);
      channel.writeAndFlush(Unpooled.wrappedBuffer(chunk)).sync();
      total += n;
    }
    if (channel.isActive()) {
      ((DuplexChannel) channel).shutdownOutput().sync();
    }
    // the server closes once it has echoed everything (RFC 862); one that stops echoing, or never
    // closes, ends the wait after --timeout without a byte
    long heard = handler.receivedBytes();
    while (!channel.closeFuture().await(idle.toMillis())) {
      long now = handler.receivedBytes();
      if (now == heard) {
        throw new TimeoutException(
            "no echo for " + idle.toMillis() + " ms after " + now + " of " + total + " bytes");
      }
      heard = now;
    }
    return total;
  }

  public long receivedBytes() {
    return handler.receivedBytes();
  }

  /** Offset of the first echoed byte that differs from the byte sent there, or -1 if none did. */
  public long firstMismatch() {
    return handler.firstMismatch();
  }

  /** Bytes the client holds for echoes still to come. */
  long retainedBytes() {
    return handler.retainedBytes();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
