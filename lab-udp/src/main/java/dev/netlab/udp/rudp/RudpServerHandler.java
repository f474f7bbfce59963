package dev.netlab.udp.rudp;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.metrics.LabMetrics;
import dev.netlab.common.net.BufferBudget;
import dev.netlab.common.net.PeerLimits;
import dev.netlab.common.net.PeerTable;
import dev.netlab.common.net.Sockets;
import dev.netlab.udp.rudp.protocol.RudpReceiver;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpFormatException;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import dev.netlab.udp.rudp.wire.SynPayload;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives for every connection on the socket. Corrupt or malformed datagrams, and datagrams for an
 * unknown connection id, are counted and dropped; the receiver keeps serving. ACKs go out once per
 * read batch (up to 64 datagrams), gap or not: one ACK's SACK blocks describe every hole the batch
 * left, and acknowledging each datagram behind a hole made the ACKs cost more than the data.
 *
 * <p>Connections live in a {@link PeerTable} (idle ones expire, a full table evicts the idlest, a
 * SYN finding every connection active gets RST), and what they buffer out of order together comes
 * from one {@link BufferBudget}: a sender killed mid-transfer, or a hostile one that never sends
 * datagram 0, cannot hold the receiver's memory or its connection slots for long.
 */
final class RudpServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(RudpServerHandler.class);

  private final Console console;
  private final RudpMetrics metrics;
  private final int window;
  private final Consumer<RudpReceiver> onFinished;
  private final PeerTable<Long, Connection> connections;
  private final BufferBudget budget;
  private final List<Connection> ackDue = new ArrayList<>();
  private ScheduledFuture<?> sweeper;

  /** One connection: its receiver, the address it came from, whether an ACK waits for the batch. */
  private static final class Connection {
    final RudpReceiver receiver;
    final InetSocketAddress peer;
    boolean ackQueued;

    Connection(RudpReceiver receiver, InetSocketAddress peer) {
      this.receiver = receiver;
      this.peer = peer;
    }
  }

  RudpServerHandler(
      Console console,
      RudpMetrics metrics,
      int window,
      PeerLimits limits,
      BufferBudget budget,
      Consumer<RudpReceiver> onFinished) {
    this.console = console;
    this.metrics = metrics;
    this.window = window;
    this.budget = budget;
    this.onFinished = onFinished;
    this.connections =
        limits
            .<Long, Connection>newTable("connection", this::gone)
            .register(metrics.registry(), LabMetrics.PREFIX + "rudp");
  }

  /** The connection table, for the server's figures. */
  PeerTable<Long, Connection> connections() {
    return connections;
  }

  private void gone(Long id, Connection c, PeerTable.Removal why) {
    c.receiver.release();
    if (why != PeerTable.Removal.CLEARED && !c.receiver.finished()) {
      console.say(
          "connection %016x from %s %s unfinished: %d bytes delivered, %d received",
          id,
          Sockets.hostPort(c.peer),
          why == PeerTable.Removal.EXPIRED
              ? "went quiet for " + connections.idleTimeout().toSeconds() + " s and was dropped"
              : "was evicted to make room for a new one",
          c.receiver.deliveredBytes(),
          c.receiver.received());
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    sweeper = connections.sweepEvery(ctx.channel().eventLoop());
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (sweeper != null) {
      sweeper.cancel(false);
    }
    connections.clear();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket d) {
    metrics.received();
    ByteBuf in = d.content();
    try {
      RudpCodec.check(in);
    } catch (RudpFormatException e) {
      metrics.corrupt();
      log.debug("dropping a datagram from {}: {}", d.sender(), e.getMessage());
      return;
    }
    long id = RudpCodec.connectionId(in);
    Connection c = connections.get(id, System.nanoTime());
    if (RudpCodec.type(in) == RudpCodec.TYPE_SYN) {
      open(ctx, in, d.sender(), c);
      return;
    }
    if (c == null || !d.sender().equals(c.peer)) {
      metrics.wrongConnection();
      return;
    }
    RudpReceiver r = c.receiver;
    switch (RudpCodec.type(in)) {
      case RudpCodec.TYPE_DATA -> {
        r.onData(
            RudpCodec.seq(in),
            RudpCodec.payload(in),
            (RudpCodec.flags(in) & RudpCodec.FLAG_RETRANSMISSION) != 0);
        if (!c.ackQueued) {
          c.ackQueued = true;
          ackDue.add(c);
        }
      }
      case RudpCodec.TYPE_FIN -> {
        boolean first = !r.finished();
        // flushed now, and only then reported finished: with --once the process exits when told,
        // and a FIN-ACK still waiting for the batch's flush was lost with it (the sender then
        // retried FIN until its dead-peer time ran out)
        ChannelFuture sent = send(ctx, r.finAck(RudpCodec.seq(in)), c.peer);
        ctx.flush();
        if (first) {
          console.say(
              "connection %016x from %s finished: %d bytes delivered (%s); %d received, %d of"
                  + " them retransmissions, %d duplicates, %d reordered, %d late, %d lost",
              r.id(),
              Sockets.hostPort(c.peer),
              r.deliveredBytes(),
              r.mode(),
              r.received(),
              r.retransmitted(),
              r.duplicates(),
              r.reordered(),
              r.late(),
              r.skipped());
          metrics.record(r);
          sent.addListener(f -> onFinished.accept(r));
        }
      }
      default -> metrics.corrupt();
    }
  }

  private void open(
      ChannelHandlerContext ctx, ByteBuf in, InetSocketAddress from, Connection existing) {
    RudpPacket syn;
    try {
      syn = RudpCodec.decode(in);
    } catch (RudpFormatException e) {
      throw new IllegalStateException("a checked datagram decodes", e);
    }
    RudpMode mode;
    SynPayload announced;
    try {
      mode = RudpMode.of(syn.flags());
      announced = SynPayload.decode(syn.payload());
    } catch (RudpFormatException e) {
      metrics.corrupt();
      log.debug("dropping a SYN from {}: {}", from, e.getMessage());
      return;
    }
    if (existing != null && !from.equals(existing.peer)) {
      metrics.wrongConnection(); // someone else's connection id
      return;
    }
    // never offer a window the budget could not hold
    int offered = (int) Math.min(window, budget.limit() / announced.payloadSize());
    if (existing == null) {
      Connection c =
          connections.getOrCreate(
              syn.connectionId(),
              System.nanoTime(),
              cid ->
                  new Connection(
                      new RudpReceiver(cid, mode, offered, announced, budget, null), from));
      if (c == null) {
        send(ctx, RudpPacket.rst(syn.connectionId()), from);
        return;
      }
      console.say(
          "connection %016x from %s: %s mode, %d bytes announced",
          syn.connectionId(), Sockets.hostPort(from), mode, announced.bytes());
    }
    send(ctx, RudpPacket.synAck(syn.connectionId(), offered), from);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    for (Connection c : ackDue) {
      c.ackQueued = false;
      if (c.receiver.ackDue()) {
        send(ctx, c.receiver.ack(), c.peer);
      }
    }
    ackDue.clear();
    ctx.flush();
  }

  private ChannelFuture send(ChannelHandlerContext ctx, RudpPacket p, InetSocketAddress to) {
    metrics.sent();
    return ctx.write(new DatagramPacket(RudpCodec.encode(p, ctx.alloc()), to));
  }

  /**
   * One peer's socket error must not stop the others: log and keep serving. An {@link Error} (out
   * of memory) ends the process instead of leaving it deaf.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("RUDP socket error (still serving): {}", cause.toString());
  }
}
