package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.Await;
import dev.netlab.common.testing.Tools;
import dev.netlab.common.transport.Transport;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * NSD (NLnet Labs' authoritative server) and netlab serve the same zones; the same questions to
 * both must get the same rcode, flags and RRsets section by section (ids, record order within a
 * section and the OPT record aside).
 */
@Timeout(60)
class NsdDifferentialTest {
  final DnsServerFixture dns = new DnsServerFixture();

  @RegisterExtension final Object server = dns.server;

  @TempDir Path dir;
  private Process nsd;

  /** name, type, and whether the query carries EDNS. */
  record Question(String name, int type, boolean edns) {}

  static final List<Question> QUESTIONS = new ArrayList<>();

  static {
    for (String q :
        List.of(
            "www.lab.test. A",
            "WwW.LaB.tEsT. AAAA",
            "nope.lab.test. A",
            "www.lab.test. MX",
            "www.lab.test. TYPE65280",
            "ent.lab.test. A",
            "b.ent.lab.test. A",
            "a.b.ent.lab.test. A",
            "chain.lab.test. A",
            "chain.lab.test. AAAA",
            "alias.lab.test. CNAME",
            "outside.lab.test. A",
            "elsewhere.lab.test. A",
            "x.wild.lab.test. A",
            "deeper.x.wild.lab.test. A",
            "x.wild.lab.test. MX",
            "x.wild.lab.test. TXT",
            "real.wild.lab.test. A",
            "real.wild.lab.test. TXT",
            "x.real.wild.lab.test. A",
            "host.sub.lab.test. A",
            "sub.lab.test. NS",
            "sub.lab.test. DS",
            "host.sub.lab.test. DS",
            "ns.sub.lab.test. A",
            "lab.test. SOA",
            "lab.test. NS",
            "lab.test. MX",
            "www.example.test. A",
            "nope.example.test. A",
            "www.example.com. A",
            "big.lab.test. TXT",
            // RFC 8482: one RRset, the one NSD picks
            "lab.test. ANY",
            "www.lab.test. ANY",
            "x.wild.lab.test. ANY",
            "alias.lab.test. ANY",
            "ent.lab.test. ANY",
            "nope.lab.test. ANY",
            "host.sub.lab.test. ANY",
            "big.lab.test. ANY")) {
      String[] p = q.split(" ");
      QUESTIONS.add(new Question(p[0], Type.value(p[1], true), true));
      QUESTIONS.add(new Question(p[0], Type.value(p[1], true), false));
    }
  }

  @AfterEach
  void stopNsd() throws InterruptedException {
    if (nsd != null) {
      nsd.destroy();
      if (!nsd.waitFor(10, TimeUnit.SECONDS)) {
        nsd.destroyForcibly();
      }
    }
  }

  /**
   * Names owning RRsets of every kind in different orders, so that which one answers ANY is NSD's
   * choice and not a coincidence of the example zones.
   */
  static final String ANY_ZONE =
      String.join(
          "\n",
          "$ORIGIN any.test.",
          "$TTL 300",
          "@ SOA ns1 hostmaster 1 3600 600 86400 60",
          "@ NS ns1",
          "@ TXT apex",
          "ns1 A 127.0.0.1",
          "t1 TXT x",
          "t1 AAAA ::1",
          "t1 A 192.0.2.1",
          "t2 TXT y",
          "t2 HINFO a b",
          "t2 SRV 1 1 1 ns1",
          "t3 MX 10 ns1",
          "t3 AAAA ::1",
          "t4 SRV 1 1 1 ns1",
          "t4 TXT z",
          "t5 CNAME ns1",
          "*.w TXT wild",
          "*.w PTR ns1",
          "");

  private InetSocketAddress startNsd() throws Exception {
    Map<String, String> zones = new LinkedHashMap<>();
    for (String zone : ZoneFiles.EXAMPLES) {
      try (InputStream in =
          ZoneFiles.class.getResourceAsStream("/dev/netlab/dns/zones/" + zone + ".zone")) {
        zones.put(zone, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return startNsd(zones);
  }

  /**
   * NSD serving {@code zones} (name to master file text) on a free loopback port. The port is free
   * when chosen, for UDP and TCP; another program may take it before NSD binds it (parallel builds
   * do), so a start that finds it in use tries another.
   */
  private InetSocketAddress startNsd(Map<String, String> zones) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return startNsd(zones, freePort());
      } catch (IllegalStateException e) {
        if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("already in use")) {
          throw e;
        }
        stopNsd();
      }
    }
  }

  /** A port free on loopback for both UDP and TCP right now. */
  private static int freePort() throws java.io.IOException {
    while (true) {
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        int port = s.getLocalPort();
        try (java.net.ServerSocket t =
            new java.net.ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          return port;
        } catch (java.io.IOException takenForTcp) {
          // try another
        }
      }
    }
  }

  private InetSocketAddress startNsd(Map<String, String> zones, int port) throws Exception {
    StringBuilder conf = new StringBuilder();
    conf.append("server:\n")
        .append("  ip-address: 127.0.0.1\n")
        .append("  port: ")
        .append(port)
        .append('\n')
        .append("  username: \"\"\n  chroot: \"\"\n  database: \"\"\n")
        .append("  zonesdir: \"")
        .append(dir)
        .append("\"\n")
        .append("  pidfile: \"")
        .append(dir.resolve("nsd.pid"))
        .append("\"\n")
        .append("  xfrdfile: \"")
        .append(dir.resolve("xfrd.state"))
        .append("\"\n")
        .append("  zonelistfile: \"")
        .append(dir.resolve("zone.list"))
        .append("\"\n")
        .append("  logfile: \"")
        .append(dir.resolve("nsd.log"))
        .append("\"\n")
        .append("  server-count: 1\n  minimal-responses: yes\n  refuse-any: no\n")
        .append("  rrl-ratelimit: 0\n")
        .append("remote-control:\n  control-enable: no\n");
    for (var zone : zones.entrySet()) {
      Path file = dir.resolve(zone.getKey() + ".zone");
      Files.writeString(file, zone.getValue());
      conf.append("zone:\n  name: ")
          .append(zone.getKey())
          .append("\n  zonefile: \"")
          .append(file)
          .append("\"\n");
    }
    Path confFile = dir.resolve("nsd.conf");
    Files.writeString(confFile, conf);
    nsd =
        new ProcessBuilder("nsd", "-d", "-c", confFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nsd.out").toFile())
            .start();
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    Await.until(
        "NSD answering on " + address,
        Duration.ofSeconds(20),
        () -> {
          try {
            SimpleResolver r = resolver(address, true);
            r.setTimeout(Duration.ofMillis(200));
            String apex = zones.keySet().iterator().next() + ".";
            return DnsServerFixture.ask(r, apex, Type.SOA).getRcode() == Rcode.NOERROR;
          } catch (java.io.IOException notYet) {
            if (!nsd.isAlive()) {
              failStarting();
            }
            return false;
          }
        });
    return address;
  }

  private void failStarting() {
    String out;
    try {
      out = Files.readString(dir.resolve("nsd.out")) + Files.readString(dir.resolve("nsd.log"));
    } catch (java.io.IOException e) {
      out = e.toString();
    }
    throw new IllegalStateException("nsd exited: " + out);
  }

  private static SimpleResolver resolver(InetSocketAddress address, boolean edns) {
    SimpleResolver r = new SimpleResolver(address);
    r.setTimeout(DnsServerFixture.TIMEOUT);
    if (edns) {
      r.setEDNS(0, 1232, 0, List.of());
    } else {
      r.setEDNS(-1, 0, 0, List.of());
    }
    return r;
  }

  /** What is compared: rcode, the flags that say something, each section's records sorted. */
  private static String summary(Message m) {
    StringBuilder s = new StringBuilder();
    s.append(Rcode.string(m.getRcode()));
    for (int f : new int[] {Flags.AA, Flags.TC, Flags.RA}) {
      if (m.getHeader().getFlag(f)) {
        s.append(' ').append(Flags.string(f));
      }
    }
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      s.append('\n').append(Section.string(section)).append(':');
      m.getSection(section).stream()
          .filter(r -> !(r instanceof OPTRecord))
          .map(Record::toString)
          .map(t -> t.toLowerCase(Locale.ROOT))
          .sorted()
          .forEach(t -> s.append("\n  ").append(t));
    }
    return s.toString();
  }

  @Test
  void netlabAnswersEveryQuestionAsNsdDoes() throws Exception {
    Tools.require("nsd");
    assertThat(differences(dns.address(), startNsd(), QUESTIONS)).isEmpty();
  }

  @Test
  void bytesThatAreNotDnsGetWhatNsdGives() throws Exception {
    Tools.require("nsd");
    InetSocketAddress nsdAddress = startNsd();
    // id 0x1234, flags 0 (a query), then counts and bytes that are no question
    byte[] junk =
        "\u0012\u0034\u0000\u0000CDEFGHIJ not DNS at all".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(firstReply(dns.address(), junk))
        .isEqualTo(firstReply(nsdAddress, junk))
        .isEqualTo("id 4660 FORMERR");
  }

  /**
   * What comes back first after {@code junk} and then a real query: an answer to the junk or not.
   */
  private static String firstReply(InetSocketAddress to, byte[] junk) throws Exception {
    try (java.net.DatagramSocket s = RawDns.udpSocket()) {
      RawDns.send(s, to, junk);
      RawDns.send(s, to, RawDns.query(7));
      Message m = RawDns.receive(s);
      return "id " + m.getHeader().getID() + " " + Rcode.string(m.getRcode());
    }
  }

  @Test
  void anyGetsTheOneRrsetNsdChooses() throws Exception {
    Tools.require("nsd");
    InetSocketAddress nsdAddress = startNsd(Map.of("any.test", ANY_ZONE));
    ZoneData zone =
        ZoneFiles.parse(
            new ByteArrayInputStream(ANY_ZONE.getBytes(StandardCharsets.UTF_8)), "any.zone", null);
    LabRun run = LabRun.quiet(Transport.best());
    try (DnsServer netlab = DnsServerFixture.serving(run, List.of(zone))) {
      netlab.start();
      List<Question> questions = new ArrayList<>();
      for (String name :
          List.of("any.test.", "t1", "t2", "t3", "t4", "t5", "x.w", "ns1", "nope", "T1")) {
        String fqdn = name.endsWith(".") ? name : name + ".any.test.";
        questions.add(new Question(fqdn, Type.ANY, true));
        questions.add(new Question(fqdn, Type.ANY, false));
      }
      assertThat(differences(netlab.localAddress(), nsdAddress, questions)).isEmpty();
    }
  }

  /** Each question whose answers differ, with both answers. */
  private static List<String> differences(
      InetSocketAddress netlab, InetSocketAddress nsdAddress, List<Question> questions)
      throws Exception {
    List<String> differences = new ArrayList<>();
    for (Question q : questions) {
      String ours = summary(DnsServerFixture.ask(resolver(netlab, q.edns()), q.name(), q.type()));
      String theirs =
          summary(DnsServerFixture.ask(resolver(nsdAddress, q.edns()), q.name(), q.type()));
      if (!ours.equals(theirs)) {
        differences.add(
            q.name()
                + " "
                + Type.string(q.type())
                + (q.edns() ? " (EDNS)" : " (no EDNS)")
                + "\nnetlab: "
                + ours
                + "\nNSD:    "
                + theirs);
      }
    }
    return differences;
  }
}
