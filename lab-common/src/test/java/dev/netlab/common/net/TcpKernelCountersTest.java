package dev.netlab.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TcpKernelCountersTest {
  @Test
  void findsACounterByItsNameInTheTableItBelongsTo() {
    List<String> netstat =
        List.of(
            "TcpExt: SyncookiesSent TCPLossProbes TCPDSACKRecv",
            "TcpExt: 0 17 5",
            "IpExt: InNoRoutes TCPLossProbes",
            "IpExt: 1 99");
    assertThat(TcpKernelCounters.value(netstat, "TcpExt:", "TCPLossProbes")).isEqualTo(17);
    assertThat(TcpKernelCounters.value(netstat, "IpExt:", "TCPLossProbes")).isEqualTo(99);
    assertThatThrownBy(() -> TcpKernelCounters.value(netstat, "TcpExt:", "Nope"))
        .hasMessageContaining("no Nope");
  }

  @Test
  void onLinuxTheCountersOnlyGrow() {
    Assumptions.assumeTrue(Files.isReadable(TcpKernelCounters.NETSTAT), "needs Linux's /proc");
    TcpKernelCounters before = TcpKernelCounters.read().orElseThrow();
    TcpKernelCounters d = TcpKernelCounters.read().orElseThrow().since(before);
    assertThat(List.of(d.retransmitted(), d.lossProbes(), d.duplicatesReported()))
        .allSatisfy(v -> assertThat(v).isNotNegative());
  }
}
