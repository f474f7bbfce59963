package dev.netlab.grade.udpping;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the relay in front of the echo server really did to the pinger's datagrams: every ping the
 * pinger sent (as it reached the relay) and every reply the relay delivered back to the pinger,
 * after its seeded losses in both directions. Read from a handler in each of the relay's socket
 * pipelines; the grader compares the pinger's report with this, not with a model of the loss.
 */
final class RelayTap {
  /** One ping as the relay received it. */
  record Ping(String payload, long arrivedNanos) {}

  private final InetSocketAddress echo;
  private final List<Ping> pings = new ArrayList<>();
  private final Map<Integer, Long> replyDelayNanos = new LinkedHashMap<>();
  private final Map<Integer, Long> arrivals = new LinkedHashMap<>();

  RelayTap(InetSocketAddress echo) {
    this.echo = echo;
  }

  /** A handler for one of the relay's pipelines (the listening socket's, or a flow's). */
  ChannelHandler handler() {
    return new ChannelDuplexHandler() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket p && !echo.equals(p.sender())) {
          pinged(text(p));
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof DatagramPacket p && !echo.equals(p.recipient())) {
          delivered(text(p));
        }
        ctx.write(msg, promise);
      }
    };
  }

  private static String text(DatagramPacket p) {
    return p.content().toString(StandardCharsets.ISO_8859_1);
  }

  private synchronized void pinged(String payload) {
    long now = System.nanoTime();
    pings.add(new Ping(payload, now));
    PingOutput.payloadSeq(payload).ifPresent(seq -> arrivals.putIfAbsent(seq, now));
  }

  private synchronized void delivered(String payload) {
    PingOutput.payloadSeq(payload)
        .ifPresent(
            seq ->
                replyDelayNanos.putIfAbsent(
                    seq, System.nanoTime() - arrivals.getOrDefault(seq, System.nanoTime())));
  }

  /** The pings in the order they reached the relay. */
  synchronized List<Ping> pings() {
    return List.copyOf(pings);
  }

  /** Sequence numbers whose reply the relay delivered, with how long after the ping it did. */
  synchronized Map<Integer, Long> delivered() {
    return new LinkedHashMap<>(replyDelayNanos);
  }
}
