package dev.netlab.dns.server;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.WarmUp;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.LabServer;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.net.TcpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The authoritative server: UDP sockets and one TCP listener on the same port, all answering from
 * the same {@link Responder}. With port 0 the UDP socket picks the port and TCP takes the same one.
 */
public final class DnsServer implements LabServer {
  /** 10000 + DNS's well-known port 53. */
  public static final int DEFAULT_PORT = 10_053;

  /**
   * How long a TCP connection may stay silent: long enough for a resolver's next query, short
   * enough that idle clients do not hold slots (RFC 7766 section 6.2.3 suggests seconds).
   */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

  /** Open TCP connections allowed at once. */
  public static final int DEFAULT_MAX_CONNECTIONS = 256;

  /**
   * UDP sockets on the port (SO_REUSEPORT, with epoll), one per event-loop thread: one per core, as
   * NSD's server-count; each answers on its own thread.
   */
  public static final int DEFAULT_UDP_SOCKETS = Runtime.getRuntime().availableProcessors();

  /** How many times {@code --warm-up} asks each zone's SOA. */
  private static final int WARM_UP_ROUNDS = 200;

  /** Tries to find a port free for both UDP and TCP when port 0 is asked for. */
  static final int PORT_ATTEMPTS = 10;

  private final InetSocketAddress bindAddress;
  private final LabRun run;
  private final Authority authority;
  private final Responder responder;
  private final QueryLog queryLog;
  private final Duration idleTimeout;
  private final int maxConnections;
  private final TransferAcl transfers;
  private final int udpSockets;
  private final AnswerCache cache;
  private DnsUdpServer udp;
  private TcpServer tcp;

  public DnsServer(
      InetSocketAddress bindAddress,
      LabRun run,
      Zones zones,
      QueryLog queryLog,
      Duration idleTimeout,
      int maxConnections) {
    this(
        bindAddress,
        run,
        zones,
        queryLog,
        idleTimeout,
        maxConnections,
        TransferAcl.loopback(),
        DEFAULT_UDP_SOCKETS);
  }

  /**
   * @param transfers who may transfer zones (AXFR, IXFR)
   * @param udpSockets UDP sockets on the port, each with its thread (epoll; NIO has one)
   */
  public DnsServer(
      InetSocketAddress bindAddress,
      LabRun run,
      Zones zones,
      QueryLog queryLog,
      Duration idleTimeout,
      int maxConnections,
      TransferAcl transfers,
      int udpSockets) {
    this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
    this.run = Objects.requireNonNull(run, "run");
    this.authority = new Authority(zones);
    this.responder = new Responder(authority);
    this.queryLog = Objects.requireNonNull(queryLog, "queryLog");
    this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    this.maxConnections = maxConnections;
    this.transfers = Objects.requireNonNull(transfers, "transfers");
    this.udpSockets = udpSockets;
    this.cache = new AnswerCache(authority);
  }

  @Override
  public DnsServer start() throws InterruptedException {
    WarmUp.ifEnabled(this::warmUp);
    ConnectionLimiter limiter = new ConnectionLimiter(maxConnections, queryLog.metrics());
    for (int attempt = 1; ; attempt++) {
      udp =
          new DnsUdpServer(
              bindAddress,
              run.transport(),
              udpSockets,
              () ->
                  new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                      // --pcap: the datagrams this socket reads and writes
                      run.addPcap(ch.pipeline());
                      // logic: answer each datagram
                      ch.pipeline()
                          .addLast(
                              "dns",
                              new DnsUdpServerHandler(responder, cache, queryLog, transfers));
                    }
                  });
      udp.start();
      InetSocketAddress tcpAddress =
          new InetSocketAddress(bindAddress.getAddress(), udp.localAddress().getPort());
      tcp =
          new TcpServer(
              tcpAddress,
              run.transport(),
              new DnsTcpServerInitializer(
                  run, limiter, idleTimeout, responder, queryLog, transfers),
              "DNS server (TCP)",
              false);
      try {
        tcp.start();
        return this;
      } catch (RuntimeException e) {
        udp.close();
        // port 0: UDP's free port may be taken for TCP; another free port is likely free for both
        if (bindAddress.getPort() != 0 || attempt >= PORT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * {@code --warm-up}: every zone's SOA asked once through the UDP handler (in memory, with meters
   * and a log of its own) and the TCP rules, so the first real query does not pay for class loading
   * and compilation (off by default: students see a cold server's first answer take longer).
   */
  private void warmUp() {
    QueryLog silent =
        new QueryLog(Console.silent(), new DnsMetrics(new SimpleMeterRegistry()), false);
    InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
    // a cache of its own: the real one must not keep answers tied to the throwaway meters
    AnswerCache scratch = new AnswerCache(authority);
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      for (ZoneData z : authority.zones().all()) {
        byte[] q = Message.newQuery(Record.newRecord(z.origin(), Type.SOA, DClass.IN)).toWire();
        EmbeddedChannel ch =
            new EmbeddedChannel(new DnsUdpServerHandler(responder, scratch, silent, transfers));
        ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(q), from, from));
        for (Object out; (out = ch.readOutbound()) != null; ) {
          ReferenceCountUtil.release(out);
        }
        ch.finishAndReleaseAll();
        responder.respond(q, true);
      }
    }
  }

  /** The port both sockets listen on (the UDP socket's address). */
  @Override
  public InetSocketAddress localAddress() {
    return udp.localAddress();
  }

  @Override
  public void close() {
    if (tcp != null) {
      tcp.close();
    }
    if (udp != null) {
      udp.close();
    }
  }

  /** Serves {@code zones} from the next query on (a reload). */
  public void serve(Zones zones) {
    authority.serve(zones);
  }

  /** "127.0.0.1:10053", for messages. */
  public String where() {
    return Sockets.hostPort(localAddress());
  }
}
