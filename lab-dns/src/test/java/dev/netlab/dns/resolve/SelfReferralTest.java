package dev.netlab.dns.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import dev.netlab.dns.server.DnsMetrics;
import dev.netlab.dns.server.DnsServer;
import dev.netlab.dns.server.QueryLog;
import dev.netlab.dns.server.ZoneData;
import dev.netlab.dns.server.Zones;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A server that refers a zone to itself, again and again: the resolver notices it asked the same
 * server the same question for the same zone twice, and stops there instead of at its step limit.
 */
@Timeout(30)
class SelfReferralTest {
  private final LabRun run = LabRun.quiet(Transport.best());

  @RegisterExtension
  final LabServerExtension<DnsServer> server =
      new LabServerExtension<>(
          () ->
              new DnsServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  run,
                  new Zones(List.of(root())),
                  new QueryLog(run.console(), new DnsMetrics(run.metrics().registry()), false),
                  DnsServer.DEFAULT_IDLE_TIMEOUT,
                  DnsServer.DEFAULT_MAX_CONNECTIONS));

  /** A root zone that delegates {@code loop.} to a server at its own address, 127.0.0.1. */
  private static ZoneData root() {
    List<Record> records = new ArrayList<>();
    for (String text :
        List.of(
            ". 300 IN SOA a.root. hostmaster.root. 1 1800 900 604800 60",
            ". 300 IN NS a.root.",
            "a.root. 300 IN A 127.0.0.1",
            "loop. 300 IN NS ns.loop.",
            "ns.loop. 300 IN A 127.0.0.1")) {
      try {
        String[] p = text.split(" ", 5);
        records.add(
            Record.fromString(
                Name.fromString(p[0]),
                Type.value(p[3]),
                org.xbill.DNS.DClass.IN,
                Long.parseLong(p[1]),
                p[4],
                Name.root));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return ZoneData.of(Name.root, records);
  }

  @Test
  void aServerThatRefersToItselfIsALoop() throws Exception {
    RootHints hints =
        new RootHints(
            List.of(
                new RootHints.Hint(Name.fromString("a.root."), InetAddress.getLoopbackAddress())),
            server.address().getPort());
    Resolution r =
        new IterativeResolver(hints, ResolverCache.inMemory(Clock.systemUTC()))
            .resolve(Name.fromString("www.loop."), Type.A);
    assertThat(r.answered()).isFalse();
    assertThat(r.failure())
        .isEqualTo(
            "referral loop: ns.loop. (127.0.0.1) was already asked about loop. and the referrals"
                + " lead back to it");
    assertThat(r.steps()).hasSize(2);
  }
}
