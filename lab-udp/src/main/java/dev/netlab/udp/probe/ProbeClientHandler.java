package dev.netlab.udp.probe;

import dev.netlab.common.base.FatalErrors;
import dev.netlab.udp.UdpMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Waits for the receiver's REPORT; records the first error the socket reports. */
final class ProbeClientHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(ProbeClientHandler.class);

  private final UdpMetrics metrics;
  private final CompletableFuture<ProbeReport> report = new CompletableFuture<>();
  private volatile Throwable firstError;
  private volatile long firstErrorAfter;
  private volatile long errors;
  private java.util.function.LongSupplier sentSoFar = () -> 0;

  ProbeClientHandler(UdpMetrics metrics) {
    this.metrics = metrics;
  }

  CompletableFuture<ProbeReport> report() {
    return report;
  }

  Throwable firstError() {
    return firstError;
  }

  /** Where {@link #firstErrorAfter()} reads how many datagrams had been sent. */
  void sentSoFar(java.util.function.LongSupplier sent) {
    this.sentSoFar = sent;
  }

  long firstErrorAfter() {
    return firstErrorAfter;
  }

  long errors() {
    return errors;
  }

  void error(Throwable cause) {
    errors++;
    metrics.sendError();
    if (firstError == null) {
      firstErrorAfter = sentSoFar.getAsLong();
      firstError = cause;
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ByteBuf buf = packet.content();
    metrics.received(buf.readableBytes());
    if (!ProbeDatagram.isProbe(buf) || ProbeDatagram.type(buf) != ProbeDatagram.TYPE_REPORT) {
      metrics.malformed();
      return;
    }
    try {
      report.complete(ProbeReport.parse(ProbeDatagram.body(buf)));
    } catch (IOException e) {
      metrics.malformed();
      log.info("ignoring a malformed report from {}: {}", packet.sender(), e.getMessage());
    }
  }

  /**
   * On a connected socket the kernel turns an ICMP port-unreachable into an error on a later read
   * or write: record it (it is the point of the IP-3 demo) and keep going.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    error(cause);
  }
}
