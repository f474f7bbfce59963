package dev.netlab.udp.rudp;

import dev.netlab.common.cli.Console;
import dev.netlab.common.net.Sockets;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives for every connection on the socket. Corrupt or malformed datagrams, and datagrams for an
 * unknown connection id, are counted and dropped; the receiver keeps serving. ACKs go out once per
 * read batch, and at once when a datagram leaves a gap.
 */
final class RudpServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  /** Connections served at once. */
  static final int MAX_CONNECTIONS = 64;

  private static final Logger log = LoggerFactory.getLogger(RudpServerHandler.class);

  private final Console console;
  private final RudpMetrics metrics;
  private final int window;
  private final Consumer<RudpReceiver> onFinished;
  private final Map<Long, RudpReceiver> receivers = new HashMap<>();
  private final Map<Long, InetSocketAddress> peers = new HashMap<>();
  private final Set<Long> ackDue = new LinkedHashSet<>();

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
    RudpPacket p;
    try {
      p = RudpCodec.decode(d.content());
    } catch (RudpFormatException e) {
      metrics.corrupt();
      log.debug("dropping a datagram from {}: {}", d.sender(), e.getMessage());
      return;
    }
    RudpReceiver r = receivers.get(p.connectionId());
    if (p.type() == RudpCodec.TYPE_SYN) {
      open(ctx, p, d.sender(), r);
      return;
    }
    if (r == null || !d.sender().equals(peers.get(p.connectionId()))) {
      metrics.wrongConnection();
      return;
    }
    switch (p.type()) {
      case RudpCodec.TYPE_DATA -> {
        r.onData(p.seq(), p.payload());
        if (r.hasGap()) {
          send(ctx, r.ack(), d.sender());
        } else {
          ackDue.add(p.connectionId());
        }
      }
      case RudpCodec.TYPE_FIN -> {
        boolean first = !r.finished();
        send(ctx, r.finAck(p.seq()), d.sender());
        if (first) {
          console.say(
              "connection %016x from %s finished: %d bytes delivered (%s); %d received, %d"
                  + " duplicates, %d reordered, %d late, %d lost",
              r.id(),
              Sockets.hostPort(d.sender()),
              r.deliveredBytes(),
              r.mode(),
              r.received(),
              r.duplicates(),
              r.reordered(),
              r.late(),
              r.skipped());
          onFinished.accept(r);
        }
      }
      default -> metrics.corrupt();
    }
  }

  private RudpReceiver open(
      ChannelHandlerContext ctx, RudpPacket syn, InetSocketAddress from, RudpReceiver existing) {
    RudpReceiver r = existing;
    if (r == null) {
      RudpMode mode;
      try {
        mode = RudpMode.of(syn.flags());
        if (syn.payload().length != RudpSender.SYN_PAYLOAD) {
          throw new RudpFormatException("SYN payload of " + syn.payload().length + " bytes");
        }
      } catch (RudpFormatException e) {
        metrics.corrupt();
        return null;
      }
      if (receivers.size() >= MAX_CONNECTIONS) {
        retireFinished();
      }
      if (receivers.size() >= MAX_CONNECTIONS) {
        send(ctx, RudpPacket.control(RudpCodec.TYPE_RST, 0, syn.connectionId(), 0, 0, 0), from);
        return null;
      }
      r = new RudpReceiver(syn.connectionId(), mode, window, null);
      receivers.put(syn.connectionId(), r);
      peers.put(syn.connectionId(), from);
      long bytes = ByteBuffer.wrap(syn.payload()).getLong();
      console.say(
          "connection %016x from %s: %s mode, %d bytes announced",
          syn.connectionId(), Sockets.hostPort(from), mode, bytes);
    }
    send(
        ctx, RudpPacket.control(RudpCodec.TYPE_SYN_ACK, 0, syn.connectionId(), 0, 0, window), from);
    return r;
  }

  private void retireFinished() {
    receivers.values().removeIf(RudpReceiver::finished);
    peers.keySet().retainAll(receivers.keySet());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    for (Long id : ackDue) {
      RudpReceiver r = receivers.get(id);
      if (r != null && r.ackDue()) {
        send(ctx, r.ack(), peers.get(id));
      }
    }
    ackDue.clear();
    ctx.flush();
  }

  private void send(ChannelHandlerContext ctx, RudpPacket p, InetSocketAddress to) {
    ByteBuf out = ctx.alloc().buffer(RudpCodec.HEADER_LENGTH + 64 + p.payload().length);
    RudpCodec.encode(p, out);
    metrics.sent();
    ctx.write(new DatagramPacket(out, to));
  }

  /** One peer's socket error must not stop the others: log and keep serving. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.info("RUDP socket error (still serving): {}", cause.toString());
  }
}
