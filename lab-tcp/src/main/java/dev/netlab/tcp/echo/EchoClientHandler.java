package dev.netlab.tcp.echo;

import dev.netlab.common.base.FatalErrors;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the bytes the server echoes against what was sent. It keeps only what a comparison still
 * needs: each sent chunk until its echo has come back. A caller can wait for the echo of a message
 * ({@link #expect}), and the bytes can be mirrored to an output stream as they arrive (stdin mode).
 */
final class EchoClientHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(EchoClientHandler.class);

  private final OutputStream mirror;

  /** Sent and not yet fully echoed, oldest first; the head is echoed up to {@link #received}. */
  private final Queue<Pending> pending = new ArrayDeque<>();

  private long sent;
  private long received;
  private long retained;
  private long firstMismatch = -1;
  private boolean closed;

  /**
   * A chunk sent at stream offset {@code from}. {@code back} collects its echo when a caller waits
   * for it ({@code future} not null); otherwise the echo is only compared.
   */
  private record Pending(long from, byte[] sent, byte[] back, CompletableFuture<byte[]> future) {
    long until() {
      return from + sent.length;
    }

    long retained() {
      return sent.length + (back == null ? 0 : back.length);
    }
  }

  /**
   * @param mirror where received bytes are copied as they arrive, or null
   */
  EchoClientHandler(OutputStream mirror) {
    this.mirror = mirror;
  }

  /**
   * Records {@code message} as sent (call before writing it) and returns a future completed with
   * its echo, or exceptionally if the connection closes first.
   */
  synchronized CompletableFuture<byte[]> expect(byte[] message) {
    CompletableFuture<byte[]> echo = new CompletableFuture<>();
    add(new Pending(sent, message, new byte[message.length], echo));
    return echo;
  }

  /**
   * Records {@code chunk} as sent (call before writing it): its echo is compared, not kept. Waits
   * first until at most {@code window - chunk.length} bytes are waiting for their echo, so a server
   * that echoes slowly, or not at all, cannot make the client keep the whole input.
   *
   * @throws TimeoutException if the window stays full and nothing is echoed for {@code idle}
   */
  synchronized void send(byte[] chunk, int window, Duration idle)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + idle.toNanos();
    long progress = received;
    while (!closed && !pending.isEmpty() && sent - received + chunk.length > window) {
      if (received != progress) {
        progress = received;
        deadline = System.nanoTime() + idle.toNanos();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(
            "the server echoed nothing for "
                + idle.toMillis()
                + " ms while "
                + (sent - received)
                + " bytes waited for their echo");
      }
      wait(Math.max(1, left / 1_000_000));
    }
    add(new Pending(sent, chunk, null, null));
  }

  private void add(Pending p) {
    sent += p.sent().length;
    if (received > p.from()) {
      // The server sent bytes for this offset before we did: whatever they were, not an echo.
      mismatchAt(p.from());
    }
    if (received >= p.until()) {
      complete(p);
      return;
    }
    pending.add(p);
    retained += p.retained();
  }

  private void mismatchAt(long offset) {
    if (firstMismatch < 0) {
      firstMismatch = offset;
    }
  }

  private static void complete(Pending p) {
    if (p.future() != null) {
      p.future().complete(p.back());
    }
  }

  synchronized long receivedBytes() {
    return received;
  }

  /** Stream offset of the first echoed byte that differs from the byte sent there, or -1. */
  synchronized long firstMismatch() {
    return firstMismatch;
  }

  /** Bytes held for comparisons still pending: what sent but not yet echoed data costs. */
  synchronized long retainedBytes() {
    return retained;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
    byte[] bytes = new byte[msg.readableBytes()];
    msg.readBytes(bytes);
    if (mirror != null) {
      try {
        mirror.write(bytes);
        mirror.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    synchronized (this) {
      compare(bytes);
      notifyAll();
    }
  }

  /** Walks {@code bytes} (the stream from {@link #received} on) over the pending chunks. */
  private void compare(byte[] bytes) {
    int at = 0;
    while (at < bytes.length && !pending.isEmpty()) {
      Pending head = pending.peek();
      int in = (int) (received - head.from());
      int n = Math.min(bytes.length - at, head.sent().length - in);
      int differs = Arrays.mismatch(bytes, at, at + n, head.sent(), in, in + n);
      if (differs >= 0) {
        mismatchAt(received + differs);
      }
      if (head.back() != null) {
        System.arraycopy(bytes, at, head.back(), in, n);
      }
      at += n;
      received += n;
      if (received == head.until()) {
        pending.poll();
        retained -= head.retained();
        complete(head);
      }
    }
    // More than was sent: nothing to compare it with; counted, so the byte counts differ.
    received += bytes.length - at;
  }

  /** The server finished (its FIN): nothing more will come, so close our side too. */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      ctx.close();
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public synchronized void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    for (Pending p : pending) {
      if (p.future() != null) {
        p.future()
            .completeExceptionally(
                new IOException(
                    "the server closed the connection after echoing " + received + " bytes"));
      }
    }
    pending.clear();
    retained = 0;
    notifyAll();
    ctx.fireChannelInactive();
  }

  /** A client with a broken connection has nothing left to do: log and close. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("echo connection failed: {}", cause.toString());
    ctx.close();
  }
}
