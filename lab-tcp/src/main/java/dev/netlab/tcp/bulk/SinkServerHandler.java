package dev.netlab.tcp.bulk;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.base.Sha256;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts and hashes one transfer; after the sender's FIN writes the report and closes. */
final class SinkServerHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(SinkServerHandler.class);

  private final Console console;
  private final TcpMetrics metrics;
  private final Sha256 digest;
  private final Duration interval;
  private final String stream;
  private final Consumer<TransferReport> onReport;
  private long bytes;
  private IntervalReporter reporter;

  SinkServerHandler(
      Console console,
      TcpMetrics metrics,
      boolean hash,
      Duration interval,
      String stream,
      Consumer<TransferReport> onReport) {
    this.console = console;
    this.metrics = metrics;
    this.digest = hash ? new Sha256() : null;
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
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
    bytes += msg.readableBytes();
    if (digest != null) {
      digest.update(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      double seconds = reporter.finish("receiver");
      reporter = null;
      TransferReport report =
          new TransferReport(bytes, digest == null ? null : digest.hex(), seconds);
      console.claim(
          "TCP-3",
          "received %d bytes in order, SHA-256 %s",
          bytes,
          report.sha256() == null ? "(not computed: --no-hash)" : report.sha256());
      onReport.accept(report);
      ctx.writeAndFlush(Unpooled.copiedBuffer(report.format(), StandardCharsets.US_ASCII))
          .addListener(ChannelFutureListener.CLOSE);
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    metrics.closed();
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
