package dev.netlab.udp.probe;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.metrics.LabMetrics;
import dev.netlab.common.net.Clock;
import dev.netlab.common.net.PeerLimits;
import dev.netlab.common.net.PeerTable;
import dev.netlab.common.net.Sockets;
import dev.netlab.udp.UdpMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts each sender's datagrams separately. Anything that is not a probe datagram is counted as
 * malformed and dropped; the server keeps serving. Senders live in a {@link PeerTable}: one that
 * goes quiet without END (killed) is forgotten after the idle timeout, and a full table evicts the
 * idlest, so neither a class of short runs nor a peer forging sender addresses can lock it.
 */
final class ProbeServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  /** Finished reports kept to answer a repeated END (the first answer may have been lost). */
  static final int FINISHED_KEPT = 64;

  private static final Logger log = LoggerFactory.getLogger(ProbeServerHandler.class);

  private final Console console;
  private final UdpMetrics metrics;
  private final long playoutNanos;
  private final BiConsumer<InetSocketAddress, ProbeReport> onReport;
  private final PeerTable<InetSocketAddress, ArrivalStats> senders;

  /** Senders in their --omit warm-up: accounted as DATA is, then thrown away. */
  private final PeerTable<InetSocketAddress, ArrivalStats> warming;

  private List<ScheduledFuture<?>> sweepers = List.of();

  private final Map<InetSocketAddress, ProbeReport> finished =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, ProbeReport> eldest) {
          return size() > FINISHED_KEPT;
        }
      };

  ProbeServerHandler(
      Console console,
      UdpMetrics metrics,
      Duration playout,
      PeerLimits limits,
      BiConsumer<InetSocketAddress, ProbeReport> onReport) {
    this.console = console;
    this.metrics = metrics;
    this.playoutNanos = playout.toNanos();
    this.onReport = onReport;
    this.senders =
        limits
            .<InetSocketAddress, ArrivalStats>newTable("sender", this::forgotten)
            .register(metrics.registry(), LabMetrics.PREFIX + "udp");
    this.warming = limits.newTable("warming sender", (a, s, why) -> {});
  }

  private void forgotten(InetSocketAddress from, ArrivalStats stats, PeerTable.Removal why) {
    if (why == PeerTable.Removal.EXPIRED || why == PeerTable.Removal.EVICTED) {
      console.say(
          "sender %s %s without END: forgetting its %d datagrams",
          Sockets.hostPort(from),
          why == PeerTable.Removal.EXPIRED
              ? "went quiet for " + senders.idleTimeout().toSeconds() + " s"
              : "was evicted to make room",
          stats.received());
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    sweepers =
        List.of(
            senders.sweepEvery(ctx.channel().eventLoop()),
            warming.sweepEvery(ctx.channel().eventLoop()));
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    sweepers.forEach(f -> f.cancel(false));
    senders.clear();
    warming.clear();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    long now = Clock.epochNanos();
    ByteBuf buf = packet.content();
    InetSocketAddress from = packet.sender();
    metrics.received(buf.readableBytes());
    if (!ProbeDatagram.isProbe(buf)) {
      metrics.malformed();
      log.debug("ignoring a {}-byte datagram from {}: not a probe", buf.readableBytes(), from);
      return;
    }
    switch (ProbeDatagram.type(buf)) {
      case ProbeDatagram.TYPE_DATA -> data(from, buf, now);
      case ProbeDatagram.TYPE_WARMUP -> warmUp(from, buf, now);
      case ProbeDatagram.TYPE_END -> end(ctx, from, ProbeDatagram.seq(buf));
      default -> metrics.malformed();
    }
  }

  /**
   * A warm-up datagram goes through the same accounting as DATA, into figures nobody reads: the
   * code the data will run is then compiled, and the kernel's buffers are in use, before the first
   * figure counts (what iperf3 --omit gets by resetting its counters). One that arrives after the
   * data began is dropped.
   */
  private void warmUp(InetSocketAddress from, ByteBuf buf, long now) {
    if (senders.peek(from) != null) {
      return;
    }
    ArrivalStats stats =
        warming.getOrCreate(from, System.nanoTime(), a -> new ArrivalStats(playoutNanos));
    if (stats != null) {
      stats.onData(ProbeDatagram.seq(buf), ProbeDatagram.sentAt(buf), now, buf.readableBytes());
    }
  }

  private void data(InetSocketAddress from, ByteBuf buf, long now) {
    long tick = System.nanoTime();
    ArrivalStats stats = senders.get(from, tick);
    if (stats == null) {
      stats = senders.getOrCreate(from, tick, a -> new ArrivalStats(playoutNanos));
      if (stats == null) {
        return; // refused: every sender is active (counted by the table)
      }
      finished.remove(from);
      warming.remove(from);
      console.claim(
          "UDP-1",
          "first datagram from %s is already data (seq %d): no handshake came before it",
          Sockets.hostPort(from),
          ProbeDatagram.seq(buf));
    }
    stats.onData(ProbeDatagram.seq(buf), ProbeDatagram.sentAt(buf), now, buf.readableBytes());
  }

  private void end(ChannelHandlerContext ctx, InetSocketAddress from, long total) {
    ProbeReport report = finished.get(from);
    ArrivalStats stats = senders.peek(from);
    if (stats != null) {
      senders.remove(from);
    }
    warming.remove(from);
    boolean first = stats != null || report == null;
    if (first) {
      // (no stats: every DATA datagram was lost, only END arrived)
      stats = stats != null ? stats : new ArrivalStats(playoutNanos);
      stats.onEnd(total);
      report = ProbeReport.of(stats);
      finished.put(from, report);
      report.print(console, "from " + Sockets.hostPort(from));
    }
    ByteBuf out = ctx.alloc().buffer();
    ProbeDatagram.writeHeader(out, ProbeDatagram.TYPE_REPORT, total, Clock.epochNanos());
    ByteBufUtil.writeUtf8(out, report.toJsonText());
    ProbeReport done = report;
    if (out.readableBytes() > ProbeDatagram.MAX_LENGTH) {
      out.release();
      log.warn("report for {} too large to send back", from);
      if (first) {
        onReport.accept(from, done);
      }
      return;
    }
    metrics.sent(out.readableBytes());
    // reported only once sent: with --once the process exits when told, and must not take the
    // answer with it
    ChannelFuture sent = ctx.writeAndFlush(new DatagramPacket(out, from));
    if (first) {
      sent.addListener(f -> onReport.accept(from, done));
    }
  }

  /** A send error on a UDP socket concerns one peer: log it and keep serving the others. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("datagram error (still serving): {}", cause.toString());
  }
}
