package dev.netlab.udp.ping;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.base.LabException;
import dev.netlab.common.base.WarmUp;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.Clock;
import dev.netlab.common.net.Sockets;
import dev.netlab.udp.UdpMetrics;
import dev.netlab.udp.probe.ProbeDatagram;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The classic UDP pinger: numbered, timestamped datagrams to an echo server at a fixed interval;
 * each reply gives one round-trip time; a reply not back within the timeout counts as lost.
 */
public final class PingClient {
  private final LabRun run;
  private final UdpMetrics metrics;

  public PingClient(LabRun run, UdpMetrics metrics) {
    this.run = run;
    this.metrics = metrics;
  }

  /**
   * @param size bytes per datagram (at least the 24-byte probe header)
   */
  public PingResult ping(
      InetSocketAddress target, int count, Duration interval, Duration timeout, int size)
      throws InterruptedException {
    if (count < 1 || size < ProbeDatagram.HEADER_LENGTH || size > ProbeDatagram.MAX_LENGTH) {
      throw LabException.usage(
          "--count must be >= 1 and --size " + ProbeDatagram.HEADER_LENGTH + "-65507");
    }
    EventLoopGroup group = run.transport().newGroup(1);
    Replies replies = new Replies(run.console(), metrics, target);
    try {
      Bootstrap b =
          run.transport()
              .datagramBootstrap(
                  group,
                  target.getAddress(),
                  new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                      run.addPcap(ch.pipeline());
                      ch.pipeline().addLast("replies", replies);
                    }
                  });
      ChannelFuture f = b.bind(0).await();
      if (!f.isSuccess()) {
        throw LabException.runtime("cannot open a UDP socket: " + f.cause().getMessage());
      }
      Channel ch = f.channel();
      WarmUp.ifEnabled(() -> warmUp(ch, target, size, replies, timeout));
      CountDownLatch sentAll = new CountDownLatch(1);
      long[] seq = {0};
      ch.eventLoop()
          .scheduleAtFixedRate(
              () -> {
                if (seq[0] == count) {
                  sentAll.countDown();
                  return;
                }
                ByteBuf buf = ch.alloc().buffer(size);
                ProbeDatagram.writeHeader(buf, ProbeDatagram.TYPE_DATA, seq[0], Clock.epochNanos());
                buf.writeZero(size - ProbeDatagram.HEADER_LENGTH);
                replies.sentAt.put(seq[0], System.nanoTime());
                metrics.sent(size);
                ch.writeAndFlush(new DatagramPacket(buf, target), ch.voidPromise());
                seq[0]++;
              },
              0,
              interval.toNanos(),
              TimeUnit.NANOSECONDS);
      sentAll.await();
      replies.awaitQuiet(count, timeout);
      ch.close().sync();
      return replies.result(count, timeout);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /** Sequence number of the uncounted first exchange. */
  static final long WARM_UP_SEQ = -1;

  /**
   * One uncounted round trip first: the JVM loads the reply path's classes then, not during the
   * first measured ping (that would add a few hundred milliseconds to it).
   */
  private static void warmUp(
      Channel ch, InetSocketAddress target, int size, Replies replies, Duration timeout)
      throws InterruptedException {
    ByteBuf buf = ch.alloc().buffer(size);
    ProbeDatagram.writeHeader(buf, ProbeDatagram.TYPE_DATA, WARM_UP_SEQ, Clock.epochNanos());
    buf.writeZero(size - ProbeDatagram.HEADER_LENGTH);
    ch.writeAndFlush(new DatagramPacket(buf, target), ch.voidPromise());
    replies.warm.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Matches replies to requests; all on the event loop except the final read. */
  private static final class Replies extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Console console;
    private final UdpMetrics metrics;
    private final InetSocketAddress target;
    private final Map<Long, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Long, Double> rtt = new HashMap<>();
    private long duplicates;
    private final CountDownLatch warm = new CountDownLatch(1);

    Replies(Console console, UdpMetrics metrics, InetSocketAddress target) {
      this.console = console;
      this.metrics = metrics;
      this.target = target;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
      long now = System.nanoTime();
      ByteBuf buf = p.content();
      boolean probe = ProbeDatagram.isProbe(buf);
      if (probe && ProbeDatagram.seq(buf) == WARM_UP_SEQ) {
        // not a ping: left out of the meters, as its request was (--warm-up)
        String.format(Locale.ROOT, "%.3f", 0.0); // load the formatter before the first ping
        warm.countDown();
        return;
      }
      metrics.received(buf.readableBytes());
      if (!probe) {
        metrics.malformed();
        return;
      }
      long seq = ProbeDatagram.seq(buf);
      Long sent = sentAt.get(seq);
      if (sent == null) {
        metrics.malformed();
        return;
      }
      double ms = (now - sent) / 1e6;
      synchronized (this) {
        if (rtt.containsKey(seq)) {
          duplicates++;
          return;
        }
        rtt.put(seq, ms);
        notifyAll();
      }
      console.say(
          String.format(
              Locale.ROOT,
              "%d bytes from %s: seq=%d time=%.3f ms",
              buf.readableBytes(),
              Sockets.hostPort(p.sender()),
              seq,
              ms));
    }

    /** After the last send, waits until every reply came or the timeout passed. */
    synchronized void awaitQuiet(int count, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      long left;
      while (rtt.size() < count && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    synchronized PingResult result(int count, Duration timeout) {
      List<Double> ordered = new ArrayList<>();
      for (long s = 0; s < count; s++) {
        Double ms = rtt.get(s);
        if (ms != null && ms <= timeout.toNanos() / 1e6) {
          ordered.add(ms);
        }
      }
      return new PingResult(count, duplicates, ordered);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      FatalErrors.exitIfFatal(cause);
      metrics.sendError();
      console.note(
          "%s: %s", Sockets.hostPort(target), Sockets.connectionError("the echo server", cause));
    }
  }
}
