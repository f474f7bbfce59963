package dev.netlab.common.impair;

import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.base.WarmUp;
import dev.netlab.common.net.LabServer;
import dev.netlab.common.net.PeerLimits;
import dev.netlab.common.net.PeerTable;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user-space UDP relay that impairs what it forwards: clients send to the relay's port, the relay
 * forwards to the target from a socket of its own per client, and the answers come back the same
 * way. Each direction has its own {@link Impairment} and its own random stream derived from one
 * seed. No privilege needed; works on any OS.
 *
 * <p>Flows live in a {@link PeerTable}: a client quiet for the idle timeout is forgotten and its
 * socket closed, and a full table evicts the idlest flow, so a relay left running through a lab
 * session (every client run is a new ephemeral port) keeps relaying. A datagram that finds its
 * outbound socket unwritable is dropped and counted, as a router drops when its queue is full,
 * instead of piling up in memory.
 */
public final class ImpairmentRelay implements LabServer {
  /** Where the relay listens unless told otherwise: the lab ports' neighbourhood, no service. */
  public static final int DEFAULT_PORT = 10_900;

  private static final Logger log = LoggerFactory.getLogger(ImpairmentRelay.class);

  private final InetSocketAddress listen;
  private final InetSocketAddress target;
  private final Transport transport;
  private final Impairment forwardImp;
  private final Impairment reverseImp;
  private final long seed;
  private final RelayStats forwardStats = new RelayStats("client -> server");
  private final RelayStats reverseStats = new RelayStats("server -> client");
  private final PeerTable<InetSocketAddress, ChannelFuture> flows;
  private EventLoopGroup group;
  private Channel channel;
  private RelayDirection forward;
  private RelayDirection reverse;
  private ScheduledFuture<?> sweeper;
  private Consumer<ChannelPipeline> pipelineHook = pipeline -> {};

  /**
   * @param forward what happens to client-to-server datagrams
   * @param reverse what happens to server-to-client datagrams
   * @param seed every random choice derives from it: the same seed repeats a run
   */
  public ImpairmentRelay(
      InetSocketAddress listen,
      InetSocketAddress target,
      Transport transport,
      Impairment forward,
      Impairment reverse,
      long seed) {
    this(listen, target, transport, forward, reverse, seed, PeerLimits.DEFAULT);
  }

  /**
   * @param limits how many clients are relayed at once, and when a quiet one is forgotten
   */
  public ImpairmentRelay(
      InetSocketAddress listen,
      InetSocketAddress target,
      Transport transport,
      Impairment forward,
      Impairment reverse,
      long seed,
      PeerLimits limits) {
    this.flows = limits.newTable("flow", (client, upstream, why) -> closeFlow(upstream));
    this.listen = listen;
    this.target = target;
    this.transport = transport;
    this.forwardImp = forward;
    this.reverseImp = reverse;
    this.seed = seed;
  }

  /**
   * Has {@code hook} add its handlers first to every socket's pipeline, the listening one and each
   * flow's own socket towards the target: {@code --pcap} records both sides of the relay this way.
   * Call before {@link #start()}.
   */
  public ImpairmentRelay withPipeline(Consumer<ChannelPipeline> hook) {
    this.pipelineHook = hook;
    return this;
  }

  /**
   * Whether relaying to {@code target} would send datagrams back to the relay itself ({@code
   * listen} is the address to bind, port 0 meaning any free one, which no target can name).
   */
  public static boolean loopsBack(InetSocketAddress listen, InetSocketAddress target) {
    if (listen.getPort() == 0 || listen.getPort() != target.getPort()) {
      return false;
    }
    InetAddress bound = listen.getAddress();
    InetAddress to = target.getAddress();
    if (bound.equals(to)) {
      return true;
    }
    if (!bound.isAnyLocalAddress()) {
      return false;
    }
    try {
      return to.isAnyLocalAddress()
          || to.isLoopbackAddress()
          || NetworkInterface.getByInetAddress(to) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  @Override
  public ImpairmentRelay start() throws InterruptedException {
    group = transport.newGroup(1);
    var loop = group.next();
    WarmUp.ifEnabled(() -> warmUp(loop));
    forward = new RelayDirection(forwardImp, seed, forwardStats, loop);
    reverse = new RelayDirection(reverseImp, seed ^ 0x5deece66dL, reverseStats, loop);
    Bootstrap b = transport.datagramBootstrap(loop, listen.getAddress(), hooked(new FromClients()));
    try {
      channel = Sockets.bind(b, listen, "impairment relay");
      sweeper = flows.sweepEvery(loop);
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    return this;
  }

  /**
   * Runs the impairment path once on a throw-away direction before the socket opens, so the first
   * real datagrams do not wait for class loading while the receive buffer overflows.
   */
  private void warmUp(io.netty.channel.EventLoop loop) throws InterruptedException {
    Impairment all =
        Impairment.NONE.withLoss(50, 2).withDuplicate(50).withCorrupt(50).withReorder(50, 1);
    loop.submit(
            () -> {
              RelayDirection d = new RelayDirection(all, 1, new RelayStats("warm-up"), loop);
              for (int i = 0; i < 16; i++) {
                ByteBuf b = io.netty.buffer.Unpooled.buffer(8).writeLong(i);
                d.handle(
                    b,
                    out -> {
                      out.release();
                      return true;
                    });
                b.release();
              }
              d.stats().toJson();
              d.close();
            })
        .sync();
    // one datagram between two throw-away sockets: loads the socket, bind and write paths
    java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
    InetSocketAddress loopback =
        new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
    Channel a =
        transport
            .datagramBootstrap(
                loop, loopback.getAddress(), new io.netty.channel.ChannelInboundHandlerAdapter())
            .bind(loopback)
            .sync()
            .channel();
    Channel b =
        transport
            .datagramBootstrap(
                loop,
                loopback.getAddress(),
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                    arrived.countDown();
                  }
                })
            .bind(loopback)
            .sync()
            .channel();
    a.writeAndFlush(
            new DatagramPacket(
                io.netty.buffer.Unpooled.buffer(8).writeLong(0),
                (InetSocketAddress) b.localAddress()))
        .sync();
    arrived.await(1, TimeUnit.SECONDS);
    a.close().sync();
    b.close().sync();
  }

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** The listening socket's receive buffer as the kernel granted it, in bytes. */
  public int receiveBuffer() {
    return channel.config().getOption(io.netty.channel.ChannelOption.SO_RCVBUF);
  }

  public long seed() {
    return seed;
  }

  public RelayStats forwardStats() {
    return forwardStats;
  }

  public RelayStats reverseStats() {
    return reverseStats;
  }

  /** The flow table: one entry per client, with its counters. */
  public PeerTable<InetSocketAddress, ChannelFuture> flows() {
    return flows;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", seed);
    m.put("listen", Sockets.hostPort(localAddress()));
    m.put("target", Sockets.hostPort(target));
    m.put("forward_impairment", forwardImp.describe());
    m.put("reverse_impairment", reverseImp.describe());
    m.put("forward", forwardStats.toJson());
    m.put("reverse", reverseStats.toJson());
    m.putAll(flows.toJson());
    return m;
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    if (group != null) {
      group
          .submit(
              () -> {
                if (sweeper != null) {
                  sweeper.cancel(false);
                }
                flows.clear();
                forward.close();
                reverse.close();
              })
          .syncUninterruptibly();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Client datagrams arriving at the relay's port. */
  private final class FromClients extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
      InetSocketAddress client = p.sender();
      ChannelFuture up =
          flows.getOrCreate(client, System.nanoTime(), c -> openUpstream(ctx.channel(), c));
      if (up == null) {
        return; // refused: every flow is active (counted by the table)
      }
      forward.handle(p.content(), buf -> sendWhenBound(up, buf));
    }

    /** The relay keeps forwarding whatever one peer's socket error was. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      FatalErrors.exitIfFatal(cause);
      log.info("relay socket error (still relaying): {}", cause.toString());
    }
  }

  private boolean sendWhenBound(ChannelFuture up, ByteBuf buf) {
    if (up.isDone()) {
      return send(up.isSuccess() ? up.channel() : null, buf, target);
    }
    up.addListener(f -> send(up.isSuccess() ? up.channel() : null, buf, target));
    return true;
  }

  /**
   * Writes {@code buf} to {@code to} through {@code ch}, unless the channel is gone or its outbound
   * buffer is past its high-water mark: then the datagram is dropped (false), as a router drops
   * when its queue is full, and what the relay holds stays bounded whatever the rate.
   */
  static boolean send(Channel ch, ByteBuf buf, InetSocketAddress to) {
    if (ch == null || !ch.isActive() || !ch.isWritable()) {
      buf.release();
      return false;
    }
    ch.writeAndFlush(new DatagramPacket(buf, to), ch.voidPromise());
    return true;
  }

  private static void closeFlow(ChannelFuture upstream) {
    upstream.channel().close();
  }

  /** {@code logic} after whatever the pipeline hook adds. */
  private ChannelHandler hooked(ChannelHandler logic) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        pipelineHook.accept(ch.pipeline());
        ch.pipeline().addLast("relay", logic);
      }
    };
  }

  private ChannelFuture openUpstream(Channel listening, InetSocketAddress client) {
    Bootstrap b =
        transport.datagramBootstrap(
            listening.eventLoop(),
            target.getAddress(),
            hooked(
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                    // (only the client's datagrams keep a flow alive: a target that keeps
                    // answering a client that has gone cannot hold its slot)
                    reverse.handle(p.content(), buf -> send(listening, buf, client));
                  }

                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    FatalErrors.exitIfFatal(cause);
                    log.info(
                        "upstream error for {} (still relaying): {}", client, cause.toString());
                  }
                }));
    return b.bind(new InetSocketAddress(listen.getAddress(), 0));
  }
}
