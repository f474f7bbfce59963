package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.transport.Transport;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * AXFR (RFC 5936) and IXFR (RFC 1995): the whole zone over TCP to loopback or to the blocks of
 * {@code --allow-transfer}, nothing over UDP or to others, as NSD answers them.
 */
@Timeout(30)
class ZoneTransferTest {
  final DnsServerFixture dns = new DnsServerFixture();

  @RegisterExtension final Object server = dns.server;

  private static List<Record> transfer(InetSocketAddress server, String zone) throws Exception {
    ZoneTransferIn axfr = ZoneTransferIn.newAXFR(Name.fromString(zone), server, null);
    axfr.setTimeout(DnsServerFixture.TIMEOUT);
    axfr.run();
    return axfr.getAXFR();
  }

  private static List<String> texts(List<Record> records) {
    return records.stream().map(Record::toString).toList();
  }

  @Test
  void aTransferHoldsTheZoneBetweenTwoSoas() throws Exception {
    List<Record> got = transfer(dns.address(), "lab.test.");
    ZoneData zone = ZoneFiles.examples().get(0);
    assertThat(got.get(0)).isEqualTo(zone.soa());
    assertThat(got.get(got.size() - 1)).isEqualTo(zone.soa());
    assertThat(texts(got.subList(0, got.size() - 1)))
        .containsExactlyInAnyOrderElementsOf(texts(zone.records()));
  }

  @Test
  void aZoneLargerThanOneMessageComesInSeveral() throws Exception {
    StringBuilder file = new StringBuilder("$ORIGIN big.test.\n$TTL 60\n");
    file.append("@ SOA ns hostmaster 3 3600 600 86400 30\n@ NS ns\nns A 127.0.0.1\n");
    for (int i = 0; i < 3_000; i++) {
      file.append("t").append(i).append(" TXT \"").append("x".repeat(40)).append("\"\n");
    }
    ZoneData zone =
        ZoneFiles.parse(
            new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)),
            "big.zone",
            null);
    LabRun run = LabRun.quiet(Transport.best());
    try (DnsServer big = DnsServerFixture.serving(run, List.of(zone))) {
      big.start();
      Message first =
          Message.newQuery(Record.newRecord(Name.fromString("big.test."), Type.AXFR, DClass.IN));
      assertThat(ZoneTransfer.messages(first, zone)).hasSizeGreaterThan(1);
      List<Record> got = transfer(big.localAddress(), "big.test.");
      assertThat(got).hasSize(zone.recordCount() + 1);
      assertThat(new ArrayList<>(texts(got.subList(0, got.size() - 1))))
          .containsExactlyInAnyOrderElementsOf(texts(zone.records()));
    }
  }

  @Test
  void aTransferOverUdpIsNotimpAsNsdAnswersIt() throws Exception {
    // raw: dnsjava's resolver sends every AXFR over TCP
    byte[] q =
        Message.newQuery(Record.newRecord(Name.fromString("lab.test."), Type.AXFR, DClass.IN))
            .toWire();
    try (var s = RawDns.udpSocket()) {
      RawDns.send(s, dns.address(), q);
      assertThat(RawDns.receive(s).getRcode()).isEqualTo(Rcode.NOTIMP);
    }
  }

  @Test
  void anIxfrFromAnOlderSerialGetsTheWholeZone() throws Exception {
    ZoneData zone = ZoneFiles.examples().get(0);
    ZoneTransferIn ixfr =
        ZoneTransferIn.newIXFR(zone.origin(), zone.serial() - 1, false, dns.address(), null);
    ixfr.setTimeout(DnsServerFixture.TIMEOUT);
    ixfr.run();
    // no history of changes here: the answer is the whole zone, as AXFR (RFC 1995 section 4)
    assertThat(ixfr.isAXFR()).isTrue();
    assertThat(texts(ixfr.getAXFR().subList(0, ixfr.getAXFR().size() - 1)))
        .containsExactlyInAnyOrderElementsOf(texts(zone.records()));
  }

  @Test
  void anIxfrFromTheCurrentSerialGetsTheSoaAlone() throws Exception {
    ZoneData zone = ZoneFiles.examples().get(0);
    ZoneTransferIn ixfr =
        ZoneTransferIn.newIXFR(zone.origin(), zone.serial(), false, dns.address(), null);
    ixfr.setTimeout(DnsServerFixture.TIMEOUT);
    ixfr.run();
    assertThat(ixfr.isCurrent()).isTrue();
  }

  @Test
  void anIxfrOverUdpGetsTheSoaAloneAndNoIxfrWithoutASoaIsFormerr() throws Exception {
    ZoneData zone = ZoneFiles.examples().get(0);
    Message q = Message.newQuery(Record.newRecord(zone.origin(), Type.IXFR, DClass.IN));
    byte[] bare = q.toWire();
    q.addRecord(
        new SOARecord(
            zone.origin(),
            DClass.IN,
            0,
            zone.origin(),
            zone.origin(),
            zone.serial() - 1,
            0,
            0,
            0,
            0),
        Section.AUTHORITY);
    try (var s = RawDns.udpSocket()) {
      RawDns.send(s, dns.address(), q.toWire());
      Message a = RawDns.receive(s);
      assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
      // RFC 1995 section 2: the whole zone does not fit, so the SOA says "ask over TCP"
      assertThat(a.getSection(Section.ANSWER)).containsExactly(zone.soa());
      RawDns.send(s, dns.address(), bare);
      assertThat(RawDns.receive(s).getRcode()).isEqualTo(Rcode.FORMERR);
    }
  }

  @Test
  void aTransferOnlyGoesWhereAllowTransferSays() throws Exception {
    // the whole 127/8 block is this machine: 127.0.0.2 stands for a secondary elsewhere
    LabRun run = LabRun.quiet(Transport.best());
    try (DnsServer server =
        new DnsServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            run,
            new Zones(ZoneFiles.examples()),
            new QueryLog(run.console(), new DnsMetrics(run.metrics().registry()), false),
            DnsServerFixture.IDLE,
            DnsServerFixture.MAX_CONNECTIONS,
            TransferAcl.parse(List.of("127.0.0.2/32")),
            1)) {
      server.start();
      ZoneTransferIn allowed =
          ZoneTransferIn.newAXFR(Name.fromString("lab.test."), server.localAddress(), null);
      allowed.setLocalAddress(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      allowed.setTimeout(DnsServerFixture.TIMEOUT);
      allowed.run();
      assertThat(allowed.getAXFR()).hasSize(ZoneFiles.examples().get(0).recordCount() + 1);
      ZoneTransferIn other =
          ZoneTransferIn.newAXFR(Name.fromString("lab.test."), server.localAddress(), null);
      other.setLocalAddress(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      other.setTimeout(DnsServerFixture.TIMEOUT);
      assertThatThrownBy(other::run)
          .isInstanceOf(ZoneTransferException.class)
          .hasMessageContaining("REFUSED");
    }
  }

  @Test
  void aTransferToAClientNotOnThisMachineIsRefused() throws Exception {
    Responder responder = new Responder(new Authority(new Zones(ZoneFiles.examples())));
    byte[] q =
        Message.newQuery(Record.newRecord(Name.fromString("lab.test."), Type.AXFR, DClass.IN))
            .toWire();
    assertThat(new Message(responder.respond(q, true, false).wire()).getRcode())
        .isEqualTo(Rcode.REFUSED);
    assertThat(new Message(responder.respond(q, true, true).wire()).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void aTransferOfANameThatIsNoZoneApexIsNotauth() throws Exception {
    Message q =
        Message.newQuery(Record.newRecord(Name.fromString("www.lab.test."), Type.AXFR, DClass.IN));
    try (var s = RawDns.tcp(dns.address())) {
      RawDns.writeFrame(s, q.toWire());
      assertThat(RawDns.readFrame(s).getRcode()).isEqualTo(Rcode.NOTAUTH);
    }
  }
}
