package dev.netlab.ports.host;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.LabServer;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.net.UdpServer;
import dev.netlab.common.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One process serving many services ({@link Service}), each on its own sockets: TCP and, where the
 * RFC defines it, UDP, all on one IP address. One accepting thread and one pool of event loops
 * serve every socket. {@link #start()} binds them in port order and, if one bind fails, closes the
 * others and throws the suite's one-line bind error.
 */
public final class HostServer implements LabServer {
  private final HostConfig config;
  private final LabRun run;
  private final List<ServiceSocket> sockets = new CopyOnWriteArrayList<>();
  private final List<Channel> channels = new ArrayList<>();
  private final Map<String, ServiceMeters> meters = new TreeMap<>();
  private EventLoopGroup boss;
  private EventLoopGroup workers;

  public HostServer(HostConfig config, LabRun run) {
    this.config = config;
    this.run = run;
    config.limit().register(run.metrics().registry());
  }

  @Override
  public HostServer start() throws InterruptedException {
    Transport transport = run.transport();
    boss = transport.newGroup(1);
    workers = transport.newGroup(0);
    HttpPage page = new HttpPage(this::sockets);
    List<Service> order = new ArrayList<>(config.services());
    order.sort(Comparator.comparingInt(Service::wellKnownPort));
    try {
      for (Service service : order) {
        InetSocketAddress address = new InetSocketAddress(config.bind(), config.port(service));
        bindTcp(service, address, page);
        if (service.udp()) {
          bindUdp(service, address);
        }
      }
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    return this;
  }

  private void bindTcp(Service service, InetSocketAddress address, HttpPage page)
      throws InterruptedException {
    ServiceMeters m = meters(service, false);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(run.transport().serverChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            // echo answers after the client's FIN (nc -N); chargen goes on until the client leaves
            .childOption(
                ChannelOption.ALLOW_HALF_CLOSURE,
                service == Service.ECHO || service == Service.CHARGEN)
            .childHandler(
                new HostTcpInitializer(service, run, m, config.limit(), config.clock(), page));
    Channel ch = Sockets.bind(b, address, "TCP " + service.label() + " service");
    add(ch, service, false);
  }

  private void bindUdp(Service service, InetSocketAddress address) throws InterruptedException {
    ServiceMeters m = meters(service, true);
    Bootstrap b =
        run.transport()
            .datagramBootstrap(
                workers,
                address.getAddress(),
                new HostUdpInitializer(service, run, m, config.clock()))
            // every read can hold the largest datagram: an echo never truncates
            .option(
                ChannelOption.RCVBUF_ALLOCATOR,
                new FixedRecvByteBufAllocator(UdpServer.RECEIVE_BUFFER));
    Channel ch = Sockets.bind(b, address, "UDP " + service.label() + " service");
    add(ch, service, true);
  }

  private void add(Channel ch, Service service, boolean udp) {
    channels.add(ch);
    sockets.add(new ServiceSocket(service, udp, (InetSocketAddress) ch.localAddress()));
  }

  private ServiceMeters meters(Service service, boolean udp) {
    return meters.computeIfAbsent(
        service.label() + (udp ? "/udp" : "/tcp"),
        k -> new ServiceMeters(run.metrics().registry(), service, udp));
  }

  /** Every bound socket, in port order, TCP before UDP on the same port. */
  public List<ServiceSocket> sockets() {
    return List.copyOf(sockets);
  }

  /** The socket of {@code service} over TCP (or UDP); throws if it is not served. */
  public InetSocketAddress address(Service service, boolean udp) {
    for (ServiceSocket s : sockets) {
      if (s.service() == service && s.udp() == udp) {
        return s.address();
      }
    }
    throw new IllegalArgumentException("not served: " + service.label() + (udp ? "/udp" : "/tcp"));
  }

  /** The open-connection bound, with the connections open now. */
  public ConnectionLimit limit() {
    return config.limit();
  }

  /** Per socket ("echo/tcp", "echo/udp", ...), its figures: for the run's JSON. */
  public Map<String, Object> figures() {
    Map<String, Object> out = new TreeMap<>();
    meters.forEach((k, m) -> out.put(k.replace('/', '_'), m.toJson()));
    return out;
  }

  /** The first socket's address (the lowest port); {@link #sockets()} lists them all. */
  @Override
  public InetSocketAddress localAddress() {
    return sockets.get(0).address();
  }

  @Override
  public void close() {
    for (Channel ch : channels) {
      ch.close().syncUninterruptibly();
    }
    config.limit().channels().close().syncUninterruptibly();
    Sockets.close(null, boss, workers);
  }
}
