package dev.netlab.udp.rudp;

import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.payload.ReadAhead;
import dev.netlab.udp.rudp.protocol.RudpException;
import dev.netlab.udp.rudp.protocol.RudpResult;
import dev.netlab.udp.rudp.protocol.RudpSender;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpFormatException;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one RUDP transfer over a connected UDP socket: the {@link RudpSender} on the channel's event
 * loop, one timer at a time for its next deadline, and a progress bar on an interactive terminal.
 */
public final class RudpClient {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RudpClient.class);

  /** Bytes read per datagram from the receiver: an ACK with every SACK block fits. */
  static final int ACK_BUFFER = 2048;

  /** ACKs read at most per read event; see the channel options. */
  static final int ACKS_PER_READ = 1024;

  /** Bytes of datagrams queued in user space before the sender waits for the socket. */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 << 10, 1 << 20);

  private final LabRun run;
  private final RudpMetrics metrics;

  public RudpClient(LabRun run, RudpMetrics metrics) {
    this.run = run;
    this.metrics = metrics;
  }

  /**
   * @param progress draw a progress bar on stderr
   * @throws RudpException when the transfer cannot finish (dead peer, reset)
   */
  public RudpResult send(
      InetSocketAddress target,
      RudpMode mode,
      ReadAhead source,
      int payloadSize,
      RudpSender.Settings settings,
      boolean progress)
      throws InterruptedException, RudpException {
    long id = new SecureRandom().nextLong();
    EventLoopGroup group = run.transport().newGroup(1);
    try {
      Channel[] channel = new Channel[1];
      RudpSender sender =
          new RudpSender(
              id,
              mode,
              source,
              payloadSize,
              settings,
              ByteBufAllocator.DEFAULT,
              d -> {
                metrics.sent();
                channel[0].write(d, channel[0].voidPromise());
              });
      Replies replies = new Replies(sender, id);
      ChannelInitializer<DatagramChannel> init =
          new ChannelInitializer<>() {
            @Override
            protected void initChannel(DatagramChannel ch) {
              // --pcap: the datagrams this socket sends and receives
              run.addPcap(ch.pipeline());
              // codec and logic: decode, check the connection id, feed the sender
              ch.pipeline().addLast("rudp", replies);
            }
          };
      Bootstrap b =
          run.transport()
              .datagramBootstrap(group, target.getAddress(), init)
              .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
              // drain the ACKs at each read: at 16 a read (Netty's default), a sender writing
              // as fast as the socket takes (sequenced mode) fell behind the receiver's ACKs,
              // its receive buffer filled, and the kernel dropped the FIN-ACK with the rest
              .option(
                  ChannelOption.RCVBUF_ALLOCATOR,
                  new FixedRecvByteBufAllocator(ACK_BUFFER).maxMessagesPerRead(ACKS_PER_READ));
      ChannelFuture f = b.connect(target).await();
      if (!f.isSuccess()) {
        throw LabException.runtime(
            "cannot open a UDP socket to " + target + ": " + f.cause().getMessage());
      }
      Channel ch = f.channel();
      channel[0] = ch;
      Driver driver = new Driver(ch, sender, progress ? new Progress(sender) : null);
      replies.driver = driver;
      source.onReady(() -> runOn(ch, () -> driver.run(System.nanoTime())));
      ch.eventLoop()
          .execute(
              () -> {
                long now = System.nanoTime();
                sender.start(now);
                driver.run(now);
              });
      try {
        RudpResult r = sender.result().get();
        metrics.record(r);
        return r;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RudpException re) {
          throw re;
        }
        throw new IllegalStateException("the sender failed", e.getCause());
      } finally {
        source.onReady(() -> {});
        ch.eventLoop().submit(driver::stop).sync();
        ch.close().sync();
        ch.eventLoop().submit(sender::close).sync();
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /** Runs {@code task} on the channel's event loop, unless the transfer is over and it is gone. */
  private static void runOn(Channel ch, Runnable task) {
    try {
      ch.eventLoop().execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("the transfer is over: {}", e.toString());
    }
  }

  /**
   * Drives the sender on the event loop: after every event (ACKs read, the socket writable again,
   * payloads ready, a timer) it sends what the sender allows, then schedules one timer for the
   * sender's next deadline (or the next redraw of the progress bar). A timer due later than one
   * already scheduled is left to that one, which re-checks when it fires: ACKs move the
   * retransmission deadline later all the time, and rescheduling for each would cost more than the
   * ACK.
   */
  private static final class Driver {
    private final Channel ch;
    private final RudpSender sender;
    private final Progress bar;
    private ScheduledFuture<?> timer;
    private long timerAt = RudpSender.NEVER;
    private boolean stopped;

    Driver(Channel ch, RudpSender sender, Progress bar) {
      this.ch = ch;
      this.sender = sender;
      this.bar = bar;
    }

    /** Something happened: send what may be sent, flush, and schedule the next deadline. */
    void run(long now) {
      if (stopped) {
        return;
      }
      sender.pump(now, ch::isWritable);
      ch.flush();
      if (bar != null) {
        bar.draw(now);
      }
      long at = sender.nextDeadline(now);
      if (bar != null) {
        at = Math.min(at, bar.nextDraw());
      }
      if (at == RudpSender.NEVER || (timer != null && timerAt <= at)) {
        return;
      }
      if (timer != null) {
        timer.cancel(false);
      }
      timerAt = at;
      timer = ch.eventLoop().schedule(this::fire, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    private void fire() {
      timer = null;
      timerAt = RudpSender.NEVER;
      if (stopped) {
        return;
      }
      long now = System.nanoTime();
      sender.tick(now);
      run(now);
    }

    void stop() {
      stopped = true;
      if (timer != null) {
        timer.cancel(false);
      }
      if (bar != null) {
        bar.clear();
      }
    }
  }

  /** Decodes what comes back, drops what is not for this connection, feeds the sender. */
  private final class Replies extends SimpleChannelInboundHandler<DatagramPacket> {
    private final RudpSender sender;
    private final long id;
    private Driver driver;

    Replies(RudpSender sender, long id) {
      this.sender = sender;
      this.id = id;
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
      if (p.connectionId() != id) {
        metrics.wrongConnection();
        return;
      }
      sender.onPacket(p, System.nanoTime());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      driver.run(System.nanoTime());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        driver.run(System.nanoTime());
      }
      ctx.fireChannelWritabilityChanged();
    }

    /**
     * ICMP port unreachable on the connected socket: nobody listens at the receiver's port. It is
     * counted and told to the sender, which ends a transfer that never got an answer (the dead-peer
     * time ends the others); any other socket error is logged, and the transfer goes on.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      FatalErrors.exitIfFatal(cause);
      if (cause instanceof PortUnreachableException) {
        metrics.portUnreachable();
        sender.onPortUnreachable(System.nanoTime());
        log.debug("ICMP port unreachable from {}", ctx.channel().remoteAddress());
        return;
      }
      log.debug("socket error (the transfer goes on): {}", cause.toString(), cause);
    }
  }

  /** A one-line progress bar on stderr, redrawn at most ten times a second. */
  private static final class Progress {
    private static final long EVERY = TimeUnit.MILLISECONDS.toNanos(100);
    private final RudpSender sender;
    private long last;

    Progress(RudpSender sender) {
      this.sender = sender;
    }

    long nextDraw() {
      return last + EVERY;
    }

    void draw(long now) {
      if (now - last < EVERY || sender.total() == 0) {
        return;
      }
      last = now;
      double done = (double) sender.progress() / sender.total();
      int width = 30;
      int filled = (int) (done * width);
      System.err.printf(
          Locale.ROOT,
          "\r[%s%s] %5.1f%%  cwnd %.0f ",
          "#".repeat(filled),
          " ".repeat(width - filled),
          done * 100,
          sender.cwnd());
      System.err.flush();
    }

    void clear() {
      System.err.print("\r" + " ".repeat(60) + "\r");
      System.err.flush();
    }
  }
}
