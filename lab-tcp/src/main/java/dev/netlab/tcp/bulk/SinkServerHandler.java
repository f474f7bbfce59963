package dev.netlab.tcp.bulk;

import dev.netlab.common.base.BackgroundSha256;
import dev.netlab.common.base.Console;
import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.metrics.IntervalReporter;
import dev.netlab.common.net.Sockets;
import dev.netlab.tcp.TcpMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and hashes one transfer; after the sender's FIN writes the report and closes. Hashing runs
 * on a helper thread while the event loop reads on (when the machine has cores for it: {@link
 * HashingThreads}); when {@link BackgroundSha256#DEFAULT_MAX_QUEUED_BYTES} wait to be hashed the
 * handler stops reading (autoRead off) until the helper catches up, so the kernel's receive window,
 * not this process's memory, absorbs a sender faster than the hash.
 */
final class SinkServerHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(SinkServerHandler.class);

  private final Console console;
  private final TcpMetrics metrics;
  private final boolean hash;
  private final Executor hashing;
  private final Duration interval;
  private final String stream;
  private final Consumer<TransferReport> onReport;
  private long bytes;
  private IntervalReporter reporter;
  private BackgroundSha256 digest;
  private boolean inputShutdown;

  /**
   * @param hashing runs the hashing when {@code hash} is on
   */
  SinkServerHandler(
      Console console,
      TcpMetrics metrics,
      boolean hash,
      Executor hashing,
      Duration interval,
      String stream,
      Consumer<TransferReport> onReport) {
    this.console = console;
    this.metrics = metrics;
    this.hash = hash;
    this.hashing = hashing;
    this.interval = interval;
    this.stream = stream;
    this.onReport = onReport;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    metrics.opened();
    console.say(
        "[%3s] local %s connected with %s",
        stream,
        Sockets.hostPort(ctx.channel().localAddress()),
        Sockets.hostPort(ctx.channel().remoteAddress()));
    reporter = new IntervalReporter(console, stream, interval, () -> bytes).start(ctx.executor());
    if (hash) {
      digest =
          new BackgroundSha256(
              hashing,
              BackgroundSha256.DEFAULT_MAX_QUEUED_BYTES,
              () -> ctx.executor().execute(() -> resumeReading(ctx)));
    }
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
    bytes += msg.readableBytes();
    if (digest != null && !digest.offer(msg.retain())) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  /**
   * The hash queue drained: read again, unless the sender's FIN came already (reading past the end
   * of the stream again makes Netty close the channel before the report goes out).
   */
  private void resumeReading(ChannelHandlerContext ctx) {
    if (!inputShutdown) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      inputShutdown = true;
      double seconds = reporter.finish("receiver");
      reporter = null;
      if (digest == null) {
        report(ctx, new TransferReport(bytes, null, seconds));
      } else {
        // The report waits for the helper to hash what it still holds.
        digest
            .finish()
            .whenComplete(
                (hex, failed) -> ctx.executor().execute(() -> hashed(ctx, hex, failed, seconds)));
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void hashed(ChannelHandlerContext ctx, String hex, Throwable failed, double seconds) {
    if (failed != null) {
      ctx.fireExceptionCaught(failed);
    } else {
      report(ctx, new TransferReport(bytes, hex, seconds));
    }
  }

  private void report(ChannelHandlerContext ctx, TransferReport report) {
    console.claim(
        "TCP-3",
        "received %d bytes in order, SHA-256 %s",
        bytes,
        report.sha256() == null ? "(not computed: --no-hash)" : report.sha256());
    onReport.accept(report);
    ctx.writeAndFlush(Unpooled.copiedBuffer(report.format(), StandardCharsets.US_ASCII))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    metrics.closed();
    if (digest != null) {
      digest.close();
    }
    if (reporter != null) {
      reporter.finish("receiver (closed before FIN)");
    }
    ctx.fireChannelInactive();
  }

  /** A failed transfer ends that connection only: log, close, keep serving. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("closing transfer from {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
