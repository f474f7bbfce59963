package dev.netlab.tcp.bulk;

import dev.netlab.common.base.BackgroundSha256;
import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.payload.Payload;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the payload as fast as the connection drains, but never queues more than the channel's
 * write-buffer high water mark: when the channel stops being writable the handler waits for {@code
 * channelWritabilityChanged}. Each chunk is hashed, on a helper thread when the machine has cores
 * for it ({@link HashingThreads}), while it is written; when the helper falls {@link
 * BackgroundSha256#DEFAULT_MAX_QUEUED_BYTES} behind, the handler waits for it too. After the last
 * byte it sends FIN and reads the sink's report.
 */
final class SendClientHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(SendClientHandler.class);

  /** Chunks written before a flush: 8 x 128 KiB = 1 MiB per writev. */
  static final int FLUSH_EVERY = 8;

  /** Bytes per write: large enough that the kernel, not Java, is the bottleneck (iperf3: 128K). */
  static final int CHUNK = 128 * 1024;

  private final Payload payload;
  private final boolean hash;
  private final Executor hashing;
  private final CompletableFuture<TransferReport> report = new CompletableFuture<>();
  private final StringBuilder line = new StringBuilder();
  private volatile long sent;
  private boolean finished;
  private ChannelFuture lastWrite;
  private BackgroundSha256 digest;
  private volatile CompletableFuture<String> sentSha256 = CompletableFuture.completedFuture(null);

  /** Whether the hashing helper is too far behind to hand it more. */
  private boolean hashQueueFull;

  SendClientHandler(Payload payload, boolean hash) {
    this(payload, hash, HashingThreads.forThisMachine());
  }

  /**
   * @param hashing runs the hashing when {@code hash} is on
   */
  SendClientHandler(Payload payload, boolean hash, Executor hashing) {
    this.payload = payload;
    this.hash = hash;
    this.hashing = hashing;
  }

  CompletableFuture<TransferReport> report() {
    return report;
  }

  long sent() {
    return sent;
  }

  /**
   * Hex SHA-256 of what was sent, once finished; null when not hashing. Waits for the helper thread
   * if it has not hashed the last chunks yet.
   */
  String sha256() {
    return sentSha256.join();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws IOException {
    lastWrite = ctx.newSucceededFuture();
    if (hash) {
      digest =
          new BackgroundSha256(
              hashing,
              BackgroundSha256.DEFAULT_MAX_QUEUED_BYTES,
              () -> ctx.executor().execute(() -> hashQueueDrained(ctx)));
    }
    pump(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws IOException {
    if (ctx.channel().isWritable()) {
      pump(ctx);
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void hashQueueDrained(ChannelHandlerContext ctx) {
    hashQueueFull = false;
    try {
      if (ctx.channel().isWritable()) {
        pump(ctx);
      }
    } catch (IOException e) {
      ctx.fireExceptionCaught(e);
    }
  }

  private void pump(ChannelHandlerContext ctx) throws IOException {
    int unflushed = 0;
    while (!finished && !hashQueueFull && ctx.channel().isWritable()) {
      ByteBuf chunk = payload.next(ctx.alloc(), CHUNK);
      if (chunk == null) {
        finished = true;
        if (digest != null) {
          sentSha256 = digest.finish();
        }
        ctx.flush();
        // FIN only after the last queued byte went to the kernel, or it would fail those writes.
        lastWrite.addListener(f -> ((DuplexChannel) ctx.channel()).shutdownOutput());
        return;
      }
      // The helper gets its own indexes: writing moves the chunk's reader index.
      if (digest != null && !digest.offer(chunk.retainedDuplicate())) {
        hashQueueFull = true;
      }
      sent += chunk.readableBytes();
      lastWrite = ctx.write(chunk);
      lastWrite.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
      // One flush per FLUSH_EVERY chunks: the kernel gets them in one writev call.
      if (++unflushed == FLUSH_EVERY) {
        ctx.flush();
        unflushed = 0;
      }
    }
    ctx.flush();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      line.append(buf.toString(StandardCharsets.US_ASCII));
    } finally {
      buf.release();
    }
    int nl = line.indexOf("\n");
    if (nl >= 0) {
      try {
        report.complete(TransferReport.parse(line.substring(0, nl)));
      } catch (IllegalArgumentException e) {
        report.completeExceptionally(e);
      }
    } else if (line.length() > TransferReport.MAX_LINE) {
      report.completeExceptionally(
          new IOException(
              "the peer is not a netlab sink: it sent '" + line.substring(0, 40) + "'"));
      ctx.close();
    }
  }

  /**
   * The sink's FIN: the report came before it or never will. With half-closure the channel stays
   * open after both FINs, so without this a missing report would leave the caller waiting.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent && !report.isDone()) {
      report.completeExceptionally(noReport());
      ctx.close();
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (digest != null) {
      digest.close();
    }
    report.completeExceptionally(noReport());
    ctx.fireChannelInactive();
  }

  private IOException noReport() {
    return new IOException(
        "the sink closed the connection without a report after "
            + sent
            + " bytes were sent (is the peer a netlab sink?)");
  }

  /** A sender cannot go on after a socket error: record it for the caller and close. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("transfer failed: {}", cause.toString());
    report.completeExceptionally(cause);
    ctx.close();
  }
}
