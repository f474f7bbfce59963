package dev.netlab.udp.rudp;

import dev.netlab.common.cli.Console;
import dev.netlab.common.net.Sockets;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives for every connection on the socket. Corrupt or malformed datagrams, and datagrams for an
 * unknown connection id, are counted and dropped; the receiver keeps serving. ACKs go out once per
 * read batch (up to 64 datagrams), gap or not: one ACK's SACK blocks describe every hole the batch
 * left, and acknowledging each datagram behind a hole made the ACKs cost more than the data.
 */
final class RudpServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  /** Connections served at once. */
  static final int MAX_CONNECTIONS = 64;

  private static final Logger log = LoggerFactory.getLogger(RudpServerHandler.class);

  private final Console console;
  private final RudpMetrics metrics;
  private final int window;
  private final Consumer<RudpReceiver> onFinished;
  private final Map<Long, Connection> connections = new HashMap<>();
  private final List<Connection> ackDue = new ArrayList<>();

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

  /** The last connection a datagram was for: at full speed nearly every datagram is for it. */
  private Connection last;

  RudpServerHandler(
      Console console, RudpMetrics metrics, int window, Consumer<RudpReceiver> onFinished) {
    this.console = console;
    this.metrics = metrics;
    this.window = window;
    this.onFinished = onFinished;
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
    Connection c = last != null && last.receiver.id() == id ? last : connections.get(id);
    if (RudpCodec.type(in) == RudpCodec.TYPE_SYN) {
      open(ctx, in, d.sender(), c);
      return;
    }
    if (c == null || !d.sender().equals(c.peer)) {
      metrics.wrongConnection();
      return;
    }
    last = c;
    RudpReceiver r = c.receiver;
    switch (RudpCodec.type(in)) {
      case RudpCodec.TYPE_DATA -> {
        r.onData(RudpCodec.seq(in), RudpCodec.payload(in));
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
              "connection %016x from %s finished: %d bytes delivered (%s); %d received, %d"
                  + " duplicates, %d reordered, %d late, %d lost",
              r.id(),
              Sockets.hostPort(c.peer),
              r.deliveredBytes(),
              r.mode(),
              r.received(),
              r.duplicates(),
              r.reordered(),
              r.late(),
              r.skipped());
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
    if (existing == null) {
      RudpMode mode;
      try {
        mode = RudpMode.of(syn.flags());
        if (syn.payload().length != RudpSender.SYN_PAYLOAD) {
          throw new RudpFormatException("SYN payload of " + syn.payload().length + " bytes");
        }
      } catch (RudpFormatException e) {
        metrics.corrupt();
        return;
      }
      if (connections.size() >= MAX_CONNECTIONS) {
        retireFinished();
      }
      if (connections.size() >= MAX_CONNECTIONS) {
        send(ctx, RudpPacket.control(RudpCodec.TYPE_RST, 0, syn.connectionId(), 0, 0, 0), from);
        return;
      }
      connections.put(
          syn.connectionId(),
          new Connection(new RudpReceiver(syn.connectionId(), mode, window, null), from));
      long bytes = ByteBuffer.wrap(syn.payload()).getLong();
      console.say(
          "connection %016x from %s: %s mode, %d bytes announced",
          syn.connectionId(), Sockets.hostPort(from), mode, bytes);
    }
    send(
        ctx, RudpPacket.control(RudpCodec.TYPE_SYN_ACK, 0, syn.connectionId(), 0, 0, window), from);
  }

  private void retireFinished() {
    connections.values().removeIf(c -> c.receiver.finished());
    last = null;
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
    ByteBuf out = ctx.alloc().buffer(RudpCodec.HEADER_LENGTH + 64 + p.payload().length);
    RudpCodec.encode(p, out);
    metrics.sent();
    return ctx.write(new DatagramPacket(out, to));
  }

  /** One peer's socket error must not stop the others: log and keep serving. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.info("RUDP socket error (still serving): {}", cause.toString());
  }
}
