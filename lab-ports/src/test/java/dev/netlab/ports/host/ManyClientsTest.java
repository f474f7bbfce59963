package dev.netlab.ports.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.ProcNet;
import dev.netlab.common.testing.Await;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PORT-1: many clients on one server port, every connection told apart by its 4-tuple as the kernel
 * reports it; and the host's bounds on open and idle connections.
 */
@Timeout(60)
class ManyClientsTest {
  static final int CLIENTS = 200;

  private final LabRun run = LabRun.quiet(Transport.best());

  @RegisterExtension
  final LabServerExtension<HostServer> host =
      new LabServerExtension<>(
          () ->
              new HostServer(
                  new HostConfig(
                      InetAddress.getLoopbackAddress(),
                      EnumSet.of(Service.ECHO, Service.TIME),
                      null,
                      new ConnectionLimit(CLIENTS, Duration.ofMinutes(1)),
                      Clock.systemUTC()),
                  run));

  @Test
  void twoHundredClientsOnOneServerPortHaveTwoHundredDistinctFourTuples() throws Exception {
    assumeTrue(ProcNet.available(), "needs Linux's /proc/net/tcp");
    InetSocketAddress echo = host.server().address(Service.ECHO, false);
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        Socket s = new Socket();
        clients.add(s);
        s.connect(echo, 5000);
      }
      Await.until(
          "the server to accept every client",
          Duration.ofSeconds(10),
          () -> host.server().limit().open() == CLIENTS);
      List<ProcNet.Entry> server =
          ProcNet.readAll(true).stream()
              .filter(e -> e.local().equals(echo) && e.state().equals("ESTABLISHED"))
              .toList();
      Set<String> tuples =
          server.stream()
              .map(e -> e.local() + " " + e.remote())
              .collect(Collectors.toCollection(HashSet::new));
      Set<Integer> clientPorts = new HashSet<>();
      clients.forEach(s -> clientPorts.add(s.getLocalPort()));
      assertThat(server).hasSize(CLIENTS);
      assertThat(tuples).hasSize(CLIENTS);
      // one server address and port; the client's port tells the connections apart
      assertThat(server).allSatisfy(e -> assertThat(e.local()).isEqualTo(echo));
      assertThat(server.stream().map(e -> e.remote().getPort()).collect(Collectors.toSet()))
          .isEqualTo(clientPorts);
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
  }

  @Test
  void oneConnectionOverTheLimitIsClosedAtOnceAndCounted() throws Exception {
    InetSocketAddress echo = host.server().address(Service.ECHO, false);
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        Socket s = new Socket();
        clients.add(s);
        s.connect(echo, 5000);
      }
      Await.until(
          "the server to accept every client",
          Duration.ofSeconds(10),
          () -> host.server().limit().open() == CLIENTS);
      // one more: the kernel completes the handshake, the host closes it before reading
      byte[] answer = Peers.tcp(host.server().address(Service.TIME, false), null);
      assertThat(answer).isEmpty();
      assertThat(figure("time_tcp", "connections_refused")).isEqualTo(1L);
      assertThat(figure("time_tcp", "connections_opened")).isEqualTo(0L);
      clients.remove(0).close();
      Await.until(
          "a place to free up",
          Duration.ofSeconds(5),
          () -> host.server().limit().open() < CLIENTS);
      assertThat(Peers.tcp(host.server().address(Service.TIME, false), null)).hasSize(4);
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
  }

  @Test
  void aThousandShortClientsLeaveNoConnectionOpen() throws Exception {
    InetSocketAddress echo = host.server().address(Service.ECHO, false);
    byte[] line = Peers.ascii("churn\n");
    for (int i = 0; i < 1000; i++) {
      assertThat(Peers.tcp(echo, line)).isEqualTo(line);
    }
    Await.until(
        "every connection closed on the server's side",
        Duration.ofSeconds(10),
        () -> host.server().limit().open() == 0 && host.server().limit().channels().isEmpty());
    assertThat(figure("echo_tcp", "connections_opened")).isEqualTo(1000L);
    assertThat(figure("echo_tcp", "connections_closed")).isEqualTo(1000L);
  }

  @SuppressWarnings("unchecked")
  private Object figure(String socket, String name) {
    return ((java.util.Map<String, Object>) host.server().figures().get(socket)).get(name);
  }
}
