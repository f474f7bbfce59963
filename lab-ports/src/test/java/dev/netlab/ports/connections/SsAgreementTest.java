package dev.netlab.ports.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.net.ProcNet;
import dev.netlab.common.testing.Await;
import dev.netlab.common.testing.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The table read from /proc/net/tcp and what {@code ss -tan} prints: the same sockets. */
@Timeout(30)
class SsAgreementTest {
  @Test
  void theTableOfAPortIsWhatSsShowsForIt() throws Exception {
    Assumptions.assumeTrue(ProcNet.available(), "needs Linux's /proc/net/tcp");
    Tools.require("ss");
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 50, lo);
        Socket a = new Socket(lo, server.getLocalPort());
        Socket b = new Socket(lo, server.getLocalPort());
        Socket c = new Socket(lo, server.getLocalPort())) {
      Socket accepted = server.accept();
      accepted.close(); // one connection half closed: FIN_WAIT2 on one end, CLOSE_WAIT on the other
      int port = server.getLocalPort();
      // the peer's ACK of that FIN moves FIN_WAIT1 to FIN_WAIT2 a moment later: compare after it
      Await.until(
          "the closed connection in FIN_WAIT2",
          Duration.ofSeconds(10),
          () -> hasState(port, "FIN_WAIT2"));
      Set<String> ours = new HashSet<>();
      for (Connection row : ConnectionTable.read(Set.of(port))) {
        ours.add(
            ssState(row.state())
                + " "
                + Connection.text(row.local())
                + " "
                + (row.state().equals("LISTEN") ? "*" : Connection.text(row.remote())));
      }
      Set<String> theirs = new HashSet<>(ss("sport = :" + port));
      theirs.addAll(ss("dport = :" + port));
      assertThat(ours).isEqualTo(theirs).hasSize(1 + 3 + 3);
    }
  }

  private static boolean hasState(int port, String state) {
    try {
      return ConnectionTable.read(Set.of(port)).stream().anyMatch(r -> r.state().equals(state));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code ss}'s name for a kernel state: ESTAB, TIME-WAIT, FIN-WAIT-2, ... */
  static String ssState(String kernel) {
    return switch (kernel) {
      case "ESTABLISHED" -> "ESTAB";
      case "SYN_RECV" -> "SYN-RECV";
      case "FIN_WAIT1" -> "FIN-WAIT-1";
      case "FIN_WAIT2" -> "FIN-WAIT-2";
      default -> kernel.replace('_', '-');
    };
  }

  /** "STATE local peer" per line of {@code ss -tanH FILTER}, addresses as Java prints them. */
  static List<String> ss(String filter) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ss", "-tanH", filter).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out.lines()
        .filter(l -> !l.isBlank())
        .map(
            l -> {
              String[] f = l.trim().split("\\s+");
              String peer = f[4].endsWith(":*") ? "*" : address(f[4]);
              return f[0] + " " + address(f[3]) + " " + peer;
            })
        .toList();
  }

  /** {@code [::ffff:127.0.0.1]:41234} as {@code 127.0.0.1:41234}, the way the table prints it. */
  static String address(String ss) {
    int colon = ss.lastIndexOf(':');
    String host = ss.substring(0, colon).replace("[", "").replace("]", "");
    try {
      return Connection.text(
          new java.net.InetSocketAddress(
              InetAddress.getByName(host), Integer.parseInt(ss.substring(colon + 1))));
    } catch (IOException e) {
      throw new IllegalArgumentException(ss, e);
    }
  }
}
