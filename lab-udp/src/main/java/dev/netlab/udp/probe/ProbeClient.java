package dev.netlab.udp.probe;

import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.Clock;
import dev.netlab.common.net.Sockets;
import dev.netlab.udp.UdpMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends numbered, timestamped datagrams at a chosen rate (or as fast as the socket takes them),
 * then END, and waits for the receiver's REPORT. Nothing in UDP says whether anyone is there: only
 * the report (or, on a connected socket, an ICMP error) tells.
 */
public final class ProbeClient {
  /** Datagrams written between flushes: one sendmmsg call on epoll. */
  static final int BATCH = 64;

  /** How often END is sent while waiting for the report (it may be lost like any datagram). */
  static final int END_TRIES = 4;

  /** Bytes of datagrams queued in user space before the sender pauses. */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 << 10, 512 << 10);

  /** Wait before retrying when the socket's queue is full. */
  static final long BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  /**
   * What to send.
   *
   * @param size bytes per datagram, header included
   * @param count datagrams to send (stops earlier if {@code duration} passes)
   * @param duration longest sending time, or null
   * @param rate datagrams per second; 0 sends as fast as the socket takes them
   * @param connected connect() the socket, so ICMP errors come back to it
   * @param reportWait how long to wait for the receiver's report
   * @param omit send WARMUP datagrams this long first (like iperf3 --omit), left out of every
   *     figure on both sides; zero for none
   * @param mark text written after the header of every DATA and WARMUP datagram (the student's
   *     token line for a graded capture), in what would be padding: the receiver ignores it; empty
   *     for none
   */
  public record Options(
      int size,
      long count,
      Duration duration,
      long rate,
      boolean connected,
      Duration reportWait,
      Duration omit,
      String mark) {
    /** No warm-up, no mark. */
    public Options(
        int size,
        long count,
        Duration duration,
        long rate,
        boolean connected,
        Duration reportWait) {
      this(size, count, duration, rate, connected, reportWait, Duration.ZERO, "");
    }

    public Options {
      if (size < ProbeDatagram.HEADER_LENGTH || size > ProbeDatagram.MAX_LENGTH) {
        throw LabException.usage(
            "datagram size must be "
                + ProbeDatagram.HEADER_LENGTH
                + "-"
                + ProbeDatagram.MAX_LENGTH
                + " bytes (header "
                + ProbeDatagram.HEADER_LENGTH
                + ", IPv4 maximum 65507); got "
                + size);
      }
      int room = size - ProbeDatagram.HEADER_LENGTH;
      if (mark.length() > room) {
        throw LabException.usage(
            "--student needs datagrams of at least "
                + (ProbeDatagram.HEADER_LENGTH + mark.length())
                + " bytes to carry its token; got --size "
                + size);
      }
      if (count < 1) {
        throw LabException.usage("--count must be at least 1; got " + count);
      }
      if (rate < 0) {
        throw LabException.usage("--rate must be a positive number per second, or max");
      }
    }
  }

  private final LabRun run;
  private final UdpMetrics metrics;

  public ProbeClient(LabRun run, UdpMetrics metrics) {
    this.run = run;
    this.metrics = metrics;
  }

  public ProbeResult send(InetSocketAddress target, Options o) throws InterruptedException {
    EventLoopGroup group = run.transport().newGroup(1);
    ProbeClientHandler handler = new ProbeClientHandler(metrics);
    try {
      Bootstrap b =
          run.transport()
              .datagramBootstrap(
                  group,
                  target.getAddress(),
                  new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                      // --pcap: what this socket sends and receives
                      run.addPcap(ch.pipeline());
                      // logic: the receiver's report, and errors the kernel reports
                      ch.pipeline().addLast("probe", handler);
                    }
                  })
              .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
      ChannelFuture f =
          o.connected()
              ? b.connect(target).await()
              : b.bind(new InetSocketAddress(anyLocal(target), 0)).await();
      if (!f.isSuccess()) {
        throw LabException.runtime(
            "cannot open a UDP socket to " + target + ": " + f.cause().getMessage());
      }
      Channel ch = f.channel();
      Pacer pacer = new Pacer(ch, target, o);
      handler.sentSoFar(pacer::sent);
      ch.eventLoop().execute(pacer);
      pacer.done.join();
      ProbeReport report = awaitReport(ch, target, o, handler, pacer.sent());
      ch.close().sync();
      long failed = pacer.failedSends();
      return new ProbeResult(
          pacer.sent() - failed,
          (pacer.sent() - failed) * o.size(),
          pacer.seconds(),
          handler.errors() + failed,
          handler.firstError() == null
              ? null
              : Sockets.connectionError("the server", handler.firstError()),
          handler.firstErrorAfter(),
          pacer.warmUpSent(),
          report);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  private ProbeReport awaitReport(
      Channel ch, InetSocketAddress target, Options o, ProbeClientHandler handler, long total)
      throws InterruptedException {
    long waitEach = Math.max(1, o.reportWait().toMillis() / END_TRIES);
    CompletableFuture<ProbeReport> report = handler.report();
    for (int i = 0; i < END_TRIES; i++) {
      ByteBuf end = ch.alloc().directBuffer(ProbeDatagram.HEADER_LENGTH);
      ProbeDatagram.writeHeader(end, ProbeDatagram.TYPE_END, total, Clock.epochNanos());
      metrics.sent(end.readableBytes());
      ch.writeAndFlush(o.connected() ? end : new DatagramPacket(end, target), ch.voidPromise());
      try {
        return report.get(waitEach, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // END or REPORT lost, or nobody there: try again
      } catch (ExecutionException e) {
        return null;
      }
    }
    return null;
  }

  private static InetAddress anyLocal(InetSocketAddress target) {
    try {
      return target.getAddress() instanceof java.net.Inet6Address
          ? InetAddress.getByName("::")
          : InetAddress.getByName("0.0.0.0");
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("literal addresses always resolve", e);
    }
  }

  /** Sends on the channel's event loop, paced by the rate, never past the write-buffer mark. */
  private final class Pacer implements Runnable {
    private final Channel ch;
    private final InetSocketAddress target;
    private final Options o;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile long sent;
    private long start;
    private volatile long end;

    /** Still in the --omit warm-up: datagrams are WARMUP, and counted from 0 again after it. */
    private boolean warming;

    private volatile long warmUpSent;

    private final AtomicLong failedSends = new AtomicLong();

    /**
     * Counts a write the kernel refused. Only a connected socket learns of ICMP errors, so only its
     * writes carry a promise; an unconnected one writes with the void promise, at no cost per
     * datagram.
     */
    private final ChannelFutureListener countFailure =
        f -> {
          if (!f.isSuccess()) {
            failedSends.incrementAndGet();
            metrics.sendError();
          }
        };

    Pacer(Channel ch, InetSocketAddress target, Options o) {
      this.ch = ch;
      this.target = target;
      this.o = o;
      this.warming = !o.omit().isZero();
    }

    /** WARMUP datagrams sent during the --omit warm-up. */
    long warmUpSent() {
      return warmUpSent;
    }

    /** Datagrams written, whether or not the kernel then sent them. */
    long sent() {
      return sent;
    }

    /** Writes the kernel refused (a connected socket after ICMP port unreachable). */
    long failedSends() {
      return failedSends.get();
    }

    double seconds() {
      return (end - start) / 1e9;
    }

    /**
     * Writes datagrams {@code first} .. {@code first + count - 1}: one buffer holds them all, each
     * datagram is a slice of it, and they leave in one sendmmsg call at the flush, so they carry
     * one send time. Failures (an ICMP error on a connected socket) reach the handler's
     * exceptionCaught through the void promise.
     */
    private void writeBatch(long first, int count, byte type) {
      int size = o.size();
      ByteBuf all = ch.alloc().directBuffer(size * count);
      long sentAt = Clock.epochNanos();
      all.writeZero(size * count);
      for (int i = 0; i < count; i++) {
        ByteBuf one = all.retainedSlice(i * size, size);
        one.writerIndex(0);
        ProbeDatagram.writeHeader(one, type, first + i, sentAt);
        one.writeCharSequence(o.mark(), StandardCharsets.US_ASCII);
        one.writerIndex(size);
        if (o.connected()) {
          ch.write(one).addListener(countFailure);
        } else {
          ch.write(new DatagramPacket(one, target), ch.voidPromise());
        }
      }
      all.release();
      metrics.sent(count, (long) size * count);
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      if (start == 0) {
        start = now;
      }
      if (warming && now - start >= o.omit().toNanos()) {
        warming = false; // the figures start here: time and numbers from zero
        warmUpSent = sent;
        sent = 0;
        start = now;
      }
      long elapsed = now - start;
      boolean timeUp = !warming && o.duration() != null && elapsed >= o.duration().toNanos();
      long allowed = o.rate() == 0 ? Long.MAX_VALUE : elapsed * o.rate() / 1_000_000_000L + 1;
      long n = sent;
      long limit = warming ? allowed : Math.min(o.count(), allowed);
      int batch = (int) Math.min(BATCH, limit - n);
      if (!timeUp && batch > 0 && ch.isWritable()) {
        writeBatch(n, batch, warming ? ProbeDatagram.TYPE_WARMUP : ProbeDatagram.TYPE_DATA);
        n += batch;
      }
      sent = n;
      ch.flush();
      if (!warming && n >= o.count() || timeUp || !ch.isActive()) {
        end = System.nanoTime();
        done.complete(null);
      } else if (!ch.isWritable() || n >= allowed && o.rate() > 0) {
        long next =
            ch.isWritable()
                ? (n * 1_000_000_000L / o.rate()) - (System.nanoTime() - start)
                : BACKOFF_NANOS;
        ch.eventLoop().schedule(this, Math.max(0, next), TimeUnit.NANOSECONDS);
      } else {
        ch.eventLoop().execute(this);
      }
    }
  }
}
