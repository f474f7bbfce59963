package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.WarmUp;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.metrics.LabMetrics;
import dev.netlab.common.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** {@code --warm-up}: the server's path run in memory before it binds, never counted as queries. */
@Timeout(60)
class WarmUpTest {
  @Test
  void aWarmedUpServerCountsOnlyRealQueries() throws Exception {
    WarmUp.enable(true);
    try (LabRun run = LabRun.quiet(Transport.best())) {
      DnsMetrics metrics = new DnsMetrics(run.metrics().registry());
      try (DnsServer server =
          new DnsServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  run,
                  new Zones(ZoneFiles.examples()),
                  new QueryLog(run.console(), metrics, false),
                  DnsServer.DEFAULT_IDLE_TIMEOUT,
                  DnsServer.DEFAULT_MAX_CONNECTIONS)
              .start()) {
        assertThat(queries(run)).as("queries counted before any was sent").isZero();
        SimpleResolver r = new SimpleResolver(server.localAddress());
        r.setTimeout(DnsServerFixture.TIMEOUT);
        // asked as the warm-up asks, without EDNS: the same question, the same cache key
        r.setEDNS(-1, 0, 0, java.util.List.of());
        // the SOA, which the warm-up asked: its answer must count here, not in the warm-up's meters
        for (int i = 1; i <= 3; i++) {
          Message m = DnsServerFixture.ask(r, "lab.test.", Type.SOA);
          assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
          assertThat(queries(run)).isEqualTo(i);
        }
      }
    } finally {
      WarmUp.enable(false);
    }
  }

  private static double queries(LabRun run) {
    return run.metrics().registry().find(LabMetrics.PREFIX + "dns.queries").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
