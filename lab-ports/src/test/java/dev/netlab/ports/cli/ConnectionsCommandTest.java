package dev.netlab.ports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.net.ProcNet;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionsCommandTest {
  @Test
  @SuppressWarnings("unchecked")
  void theDemoStatesTheLessonFromTheKernelsFigures() throws Exception {
    Assumptions.assumeTrue(ProcNet.available(), "needs Linux's /proc/net/tcp");
    PortsCli.Result r = PortsCli.run("connections", "--clients", "4", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Object> json = JSON.std.mapFrom(r.out());
    assertThat(json)
        .containsEntry("clients", 4)
        .containsEntry("distinct_client_ports_seen_by_server", 4);
    assertThat(json.get("ephemeral_range")).isNotNull();
    List<Map<String, Object>> after = (List<Map<String, Object>>) json.get("after_close");
    assertThat(after).filteredOn(m -> "TIME_WAIT".equals(m.get("state"))).hasSize(4 + 3);
  }

  @Test
  void theTextSaysOneServerPortManyClientPorts() {
    Assumptions.assumeTrue(ProcNet.available(), "needs Linux's /proc/net/tcp");
    PortsCli.Result r = PortsCli.run("connections");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("[PORT-1] one server port")
        .contains("5 connection(s), each told apart by the client's port")
        .contains("ephemeral range")
        .contains("TIME_WAIT");
  }

  @Test
  @SuppressWarnings("unchecked")
  void watchingAPortIsBoundedByTimeAndSeesItsConnections() throws Exception {
    Assumptions.assumeTrue(ProcNet.available(), "needs Linux's /proc/net/tcp");
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 50, lo);
        Socket client = new Socket(lo, server.getLocalPort())) {
      PortsCli.Result r =
          PortsCli.run(
              "connections",
              "--port",
              String.valueOf(server.getLocalPort()),
              "--watch",
              "--interval",
              "100ms",
              "--time",
              "350ms",
              "--json");
      assertThat(r.code()).as(r.err()).isZero();
      Map<String, Object> json = JSON.std.mapFrom(r.out());
      assertThat((Integer) json.get("refreshes")).isBetween(2, 6);
      assertThat((List<Map<String, Object>>) json.get("connections"))
          .anySatisfy(
              m ->
                  assertThat(m)
                      .containsEntry("side", "server")
                      .containsEntry("remote_port", client.getLocalPort())
                      .containsEntry("state", "ESTABLISHED"));
    }
  }

  @Test
  void timeWithoutWatchAndTooManyClientsAreUsageErrors() {
    assertThat(PortsCli.run("connections", "--time", "1s").code()).isEqualTo(2);
    assertThat(PortsCli.run("connections", "--port", "0").code()).isEqualTo(2);
    PortsCli.Result r = PortsCli.run("connections", "--clients", "5000");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("too many");
  }
}
