package dev.netlab.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ProcNetTest {
  @Test
  void decodesTheKernelsHexAddressesAndStates() throws Exception {
    List<ProcNet.Entry> tcp =
        ProcNet.parse(
            ProcNet.Table.TCP,
            List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
                    + "  timeout inode",
                "   0: 0100007F:2717 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000"
                    + "        0 639 1 000000004c6c4dd7 100 0 0 10 0",
                "   1: 0100007F:D431 0100007F:2717 06 00000000:00000000 03:00001733 00000000     0"
                    + "        0 0 3 0000000000000000"));
    assertThat(tcp.get(0).local())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 10007));
    assertThat(tcp.get(0).state()).isEqualTo("LISTEN");
    assertThat(tcp.get(0).uid()).isEqualTo(1000);
    assertThat(tcp.get(0).inode()).isEqualTo(639);
    assertThat(tcp.get(1).remote().getPort()).isEqualTo(10007);
    assertThat(tcp.get(1).local().getPort()).isEqualTo(0xD431);
    assertThat(tcp.get(1).state()).isEqualTo("TIME_WAIT");
    List<ProcNet.Entry> tcp6 =
        ProcNet.parse(
            ProcNet.Table.TCP6,
            List.of(
                "header",
                "   0: 00000000000000000000000001000000:2717 00000000000000000000000000000000:0000"
                    + " 0A 00000000:00000000 00:00000000 00000000     0        0 640 1 0"));
    assertThat(tcp6.get(0).local())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 10007));
  }

  @Test
  void findsARealConnectionsFourTupleAndWhoHoldsTheListener() throws Exception {
    Assumptions.assumeTrue(ProcNet.available(), "needs Linux's /proc/net");
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      List<ProcNet.Entry> all = ProcNet.readAll(true);
      assertThat(all)
          .anySatisfy(
              e -> {
                assertThat(e.local()).isEqualTo(client.getLocalSocketAddress());
                assertThat(e.remote()).isEqualTo(client.getRemoteSocketAddress());
                assertThat(e.state()).isEqualTo("ESTABLISHED");
              });
      assertThat(ProcNet.portOwner(server.getLocalPort(), false))
          .hasValueSatisfying(
              o -> assertThat(o).startsWith("pid " + ProcessHandle.current().pid() + " ("));
    }
  }

  @Test
  void readsTheEphemeralRangeAsTwoNumbers() {
    assertThat(ProcNet.parseRange("32768\t60999\n")).contains(new ProcNet.PortRange(32768, 60999));
    assertThat(ProcNet.parseRange("60999 32768")).isEmpty();
    assertThat(ProcNet.parseRange("1")).isEmpty();
    assertThat(new ProcNet.PortRange(32768, 60999).size()).isEqualTo(28232);
  }

  @Test
  void readsAWholeSysctlFileNotOnlyItsFirstByte() {
    Assumptions.assumeTrue(ProcNet.available(), "needs Linux's /proc/sys");
    // Files.readString returns one byte of a /proc/sys file on JDK 17
    assertThat(ProcNet.ephemeralRange()).isPresent();
    assertThat(ProcNet.ephemeralRange().get().size()).isGreaterThan(1);
    assertThat(ProcNet.sysctl("net.ipv4.ip_local_port_range").orElseThrow()).contains("\t");
    assertThat(ProcNet.sysctl("net.ipv4.no_such_setting")).isEmpty();
  }
}
