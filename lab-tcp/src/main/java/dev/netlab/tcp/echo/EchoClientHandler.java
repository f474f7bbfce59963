package dev.netlab.tcp.echo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the bytes the server echoes. A caller can wait for the echo of what it sent ({@link
 * #expect}), and the bytes can be mirrored to an output stream as they arrive (stdin mode).
 */
final class EchoClientHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(EchoClientHandler.class);

  private final OutputStream mirror;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final Queue<Waiter> waiters = new ArrayDeque<>();

  private record Waiter(int from, int until, CompletableFuture<byte[]> future) {}

  /**
   * @param mirror where received bytes are copied as they arrive, or null
   */
  EchoClientHandler(OutputStream mirror) {
    this.mirror = mirror;
  }

  /**
   * A future completed with the received bytes from {@code from} to {@code from + length}.
   * Completes exceptionally if the connection closes first.
   */
  synchronized CompletableFuture<byte[]> expect(int from, int length) {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    waiters.add(new Waiter(from, from + length, f));
    release();
    return f;
  }

  synchronized long receivedBytes() {
    return received.size();
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
      received.writeBytes(bytes);
      release();
    }
  }

  private void release() {
    byte[] all = null;
    while (!waiters.isEmpty() && waiters.peek().until() <= received.size()) {
      Waiter w = waiters.poll();
      all = all == null ? received.toByteArray() : all;
      w.future().complete(Arrays.copyOfRange(all, w.from(), w.until()));
    }
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
    for (Waiter w : waiters) {
      w.future()
          .completeExceptionally(
              new IOException(
                  "the server closed the connection after echoing " + received.size() + " bytes"));
    }
    waiters.clear();
    ctx.fireChannelInactive();
  }

  /** A client with a broken connection has nothing left to do: log and close. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.info("echo connection failed: {}", cause.toString());
    ctx.close();
  }
}
