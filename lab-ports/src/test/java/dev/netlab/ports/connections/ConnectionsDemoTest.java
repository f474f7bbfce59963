package dev.netlab.ports.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.net.ProcNet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionsDemoTest {
  @BeforeEach
  void linux() {
    Assumptions.assumeTrue(ProcNet.available(), "needs Linux's /proc/net/tcp");
  }

  @Test
  void twoHundredClientsOnOneServerPortAreTwoHundredDistinctFourTuplesInTheKernel()
      throws Exception {
    try (ConnectionsDemo demo = new ConnectionsDemo(200, 0)) {
      List<Connection> rows = ConnectionTable.read(Set.of(demo.serverPort()));
      List<Connection> serverSide =
          rows.stream()
              .filter(c -> c.side().equals("server") && c.state().equals("ESTABLISHED"))
              .toList();
      assertThat(serverSide).hasSize(200);
      assertThat(serverSide.stream().map(Connection::fourTuple).collect(Collectors.toSet()))
          .hasSize(200);
      // same server ip:port and client ip in all: only the client's port tells them apart
      assertThat(serverSide.stream().map(c -> c.local()).distinct()).hasSize(1);
      assertThat(serverSide.stream().map(c -> c.remote().getPort()).collect(Collectors.toSet()))
          .containsExactlyInAnyOrderElementsOf(demo.clientPorts());
      ConnectionsLesson lesson = new ConnectionsLesson(demo, rows, ProcNet.ephemeralRange());
      assertThat(lesson.clientPortsSeenByServer()).hasSize(200);
      assertThat(lesson.lines().get(0)).contains("200 connection(s)");
    }
  }

  @Test
  void oneClientPortReachesSeveralServersBecauseOnlyTheFourTupleMustBeUnique() throws Exception {
    try (ConnectionsDemo demo = new ConnectionsDemo(1, 3)) {
      assertThat(demo.sharedClientPort()).isTrue();
      assertThat(demo.multiClientPorts()).hasSize(1);
      int clientPort = demo.multiClientPorts().get(0);
      List<Connection> rows = ConnectionTable.read(Set.copyOf(demo.otherServerPorts()));
      assertThat(rows)
          .filteredOn(c -> c.side().equals("client"))
          .extracting(c -> c.local().getPort())
          .containsExactly(clientPort, clientPort, clientPort);
    }
  }

  @Test
  void theClientsThatCloseFirstKeepTheirFourTuplesInTimeWait() throws Exception {
    try (ConnectionsDemo demo = new ConnectionsDemo(3, 0)) {
      demo.closeClientsFirst();
      Set<Integer> port = Set.of(demo.serverPort());
      dev.netlab.common.testing.Await.until(
          "three client-side TIME_WAIT rows",
          java.time.Duration.ofSeconds(5),
          () -> timeWaits(port) == 3);
      assertThat(ConnectionsLesson.timeWaitLines(ConnectionTable.read(port)).get(0))
          .contains("3 4-tuple(s) in TIME_WAIT, 3 on the clients' side");
    }
  }

  private static long timeWaits(Set<Integer> port) {
    try {
      return ConnectionTable.read(port).stream()
          .filter(c -> c.side().equals("client") && c.state().equals("TIME_WAIT"))
          .count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
