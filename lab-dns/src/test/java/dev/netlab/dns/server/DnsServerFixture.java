package dev.netlab.dns.server;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/** The example zones served on 127.0.0.1, port 0, and a dnsjava client that asks it. */
final class DnsServerFixture {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Short, so tests of stalled TCP clients see the server close them soon. */
  static final Duration IDLE = Duration.ofMillis(500);

  static final int MAX_CONNECTIONS = 8;

  final LabRun run = LabRun.quiet(Transport.best());
  final DnsMetrics metrics = new DnsMetrics(run.metrics().registry());

  final LabServerExtension<DnsServer> server =
      new LabServerExtension<>(
          () ->
              new DnsServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  run,
                  new Zones(ZoneFiles.examples()),
                  new QueryLog(run.console(), metrics, false),
                  IDLE,
                  MAX_CONNECTIONS));

  /** A server (not started) for {@code zones} on loopback port 0, with the fixture's limits. */
  static DnsServer serving(LabRun run, List<ZoneData> zones) {
    return new DnsServer(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        run,
        new Zones(zones),
        new QueryLog(run.console(), new DnsMetrics(run.metrics().registry()), false),
        IDLE,
        MAX_CONNECTIONS);
  }

  InetSocketAddress address() {
    return server.address();
  }

  /** A resolver that asks the server and shows truncation instead of retrying. */
  SimpleResolver resolver(boolean tcp, Integer ednsSize) {
    SimpleResolver r = new SimpleResolver(address());
    r.setTimeout(TIMEOUT);
    r.setTCP(tcp);
    r.setIgnoreTruncation(true);
    if (ednsSize == null) {
      r.setEDNS(-1, 0, 0, List.of());
    } else {
      r.setEDNS(0, ednsSize, 0, List.of());
    }
    return r;
  }

  /** Asks over UDP with EDNS (dnsjava's default size), RD clear. */
  Message ask(String name, int type) throws IOException {
    return ask(resolver(false, 1232), name, type);
  }

  static Message ask(SimpleResolver r, String name, int type) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    q.getHeader().unsetFlag(Flags.RD);
    return r.send(q);
  }
}
