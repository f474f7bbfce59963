package dev.netlab.dns;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.LabException;
import dev.netlab.common.capture.CaptureUnavailableException;
import dev.netlab.common.capture.KernelCapture;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.tour.TourCheck;
import dev.netlab.common.tour.TourContext;
import dev.netlab.common.tour.TourPart;
import dev.netlab.dns.query.DigFormat;
import dev.netlab.dns.query.DnsQuery;
import dev.netlab.dns.query.QueryOptions;
import dev.netlab.dns.query.QueryResult;
import dev.netlab.dns.server.DnsMetrics;
import dev.netlab.dns.server.DnsServer;
import dev.netlab.dns.server.QueryLog;
import dev.netlab.dns.server.ZoneData;
import dev.netlab.dns.server.ZoneFiles;
import dev.netlab.dns.server.Zones;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DNS lab's part of {@code lab tour}: a name answered with the AA flag by the lab's own
 * authoritative server (DNS-2, DNS-3), NXDOMAIN with the zone's SOA (DNS-3) and an answer too big
 * for UDP retried over TCP; then, over the toy hierarchy, the walk from the root to the answer and
 * a changed address seen through a resolver's cache ({@link HierarchyTour}). Servers listen on
 * ports the kernel picks, so the tour never collides with a lab left running.
 */
public final class DnsTour implements TourPart {
  /** The name the tour asks for. */
  static final String NAME = "www.lab.test.";

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  /** The kernel capture of this part, in the report directory. */
  static final String CAPTURE = "dns.pcap";

  /** The AA bit: byte 2 of the DNS header, bit 2 (RFC 1035 section 4.1.1). */
  private static final int AA_BYTE = 2;

  private static final int AA_BIT = 0x04;

  @Override
  public String title() {
    return "DNS";
  }

  @Override
  public List<TourCheck> run(TourContext context) throws InterruptedException {
    Console c = context.run().console();
    c.say("");
    c.say("== DNS: a name server keeps the name -> address data and answers for it ==");
    List<TourCheck> checks = new ArrayList<>();
    try {
      List<ZoneData> zones = ZoneFiles.examples();
      try (DnsServer server =
          new DnsServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  context.run(),
                  new Zones(zones),
                  new QueryLog(c, new DnsMetrics(new SimpleMeterRegistry()), false),
                  DnsServer.DEFAULT_IDLE_TIMEOUT,
                  DnsServer.DEFAULT_MAX_CONNECTIONS)
              .start()) {
        c.say(
            "lab dns serve is listening on %s (UDP and TCP), authoritative for %s",
            server.where(), zones.stream().map(z -> z.origin().toString()).toList());
        InetSocketAddress at = server.localAddress();
        Path captureFile = context.reportFile(CAPTURE);
        KernelCapture capture = startCapture(c, at.getPort(), captureFile);
        try {
          checks.add(answer(c, at));
          checks.add(nxdomain(c, at));
          checks.add(truncated(c, at));
        } finally {
          if (capture != null) {
            capture.close();
          }
        }
        if (capture != null) {
          List<Integer> frames = authoritativeAnswers(capture, at.getPort());
          c.say(
              "captured (%s) into %s: the answers with AA set are frames %s (display filter"
                  + " dns.flags.authoritative == 1)",
              capture.summary().heading(), CAPTURE, frames);
          checks.set(0, checks.get(0).withCapture(captureFile, frames));
        }
      }
    } catch (LabException e) {
      checks.add(TourCheck.failed("DNS-2", "the DNS server did not start: " + e.getMessage()));
    }
    checks.addAll(new HierarchyTour(c, context.run()).run());
    return checks;
  }

  /**
   * A kernel capture of the server's port, UDP and TCP, or null when none was asked or possible.
   */
  private static KernelCapture startCapture(Console c, int port, Path file)
      throws InterruptedException {
    if (file == null) {
      return null;
    }
    try {
      return KernelCapture.start("port " + port, file);
    } catch (CaptureUnavailableException e) {
      c.note("the DNS queries are not captured: %s", e.getMessage());
      return null;
    }
  }

  /** Frame numbers of the server's UDP answers that carry the AA flag. */
  private static List<Integer> authoritativeAnswers(KernelCapture capture, int port) {
    List<Integer> frames = new ArrayList<>();
    for (Packet p : capture.packets()) {
      if (p.udp() != null
          && p.udp().sourcePort() == port
          && p.payload().length > AA_BYTE
          && (p.payload()[AA_BYTE] & AA_BIT) != 0) {
        frames.add(capture.frameOf(p));
      }
    }
    return frames;
  }

  /** DNS-2, DNS-3: a name in, an address out, marked authoritative. */
  private static TourCheck answer(Console c, InetSocketAddress at) {
    c.say("");
    c.say("$ lab dns query www.lab.test @%s", Sockets.hostPort(at));
    try {
      QueryResult r = ask(at, NAME, Type.A, true);
      Message m = r.response();
      show(c, r);
      List<Record> answers = m.getSection(Section.ANSWER);
      boolean aa = m.getHeader().getFlag(Flags.AA);
      boolean ra = m.getHeader().getFlag(Flags.RA);
      String address = answers.isEmpty() ? "none" : answers.get(0).rdataToString();
      c.claim(
          "DNS-2",
          "the name www.lab.test went in, the address %s came out: DNS is the phone book of the"
              + " Internet (전화번호부)",
          address);
      c.claim(
          "DNS-3",
          "flags %s: aa, the name server that keeps this zone's data answered itself (네임서버);"
              + " no ra, it answers only for its own zones and never recurses",
          DigFormat.flags(m.getHeader()));
      boolean ok = m.getRcode() == Rcode.NOERROR && answers.size() == 1 && aa && !ra;
      String evidence =
          "www.lab.test A " + address + " with flags " + DigFormat.flags(m.getHeader());
      return ok ? TourCheck.shown("DNS-2", evidence) : TourCheck.failed("DNS-2", evidence);
    } catch (IOException e) {
      return TourCheck.failed("DNS-2", "no answer for www.lab.test: " + e.getMessage());
    }
  }

  /** DNS-3: a name the zone does not hold is an answer too: NXDOMAIN, signed with the SOA. */
  private static TourCheck nxdomain(Console c, InetSocketAddress at) {
    c.say("");
    c.say("$ lab dns query nope.lab.test @%s", Sockets.hostPort(at));
    try {
      QueryResult r = ask(at, "nope.lab.test.", Type.A, true);
      Message m = r.response();
      show(c, r);
      List<Record> authority = m.getSection(Section.AUTHORITY);
      SOARecord soa =
          authority.stream()
              .filter(SOARecord.class::isInstance)
              .map(SOARecord.class::cast)
              .findFirst()
              .orElse(null);
      long negativeTtl = soa == null ? -1 : soa.getTTL();
      c.claim(
          "DNS-3",
          "%s from the zone's own server (aa), with its SOA in authority: a resolver may remember"
              + " that the name does not exist for %d s (RFC 2308: the lower of the SOA's TTL and"
              + " its minimum field)",
          Rcode.string(m.getRcode()),
          negativeTtl);
      boolean ok =
          m.getRcode() == Rcode.NXDOMAIN
              && m.getHeader().getFlag(Flags.AA)
              && soa != null
              && m.getSection(Section.ANSWER).isEmpty();
      String evidence =
          "nope.lab.test: "
              + Rcode.string(m.getRcode())
              + ", SOA in authority, negative TTL "
              + negativeTtl
              + " s";
      return ok ? TourCheck.shown("DNS-3", evidence) : TourCheck.failed("DNS-3", evidence);
    } catch (IOException e) {
      return TourCheck.failed("DNS-3", "no answer for nope.lab.test: " + e.getMessage());
    }
  }

  /**
   * An answer over 512 bytes: UDP without EDNS gets TC, and the same query over TCP gets it all.
   */
  private static TourCheck truncated(Console c, InetSocketAddress at) {
    c.say("");
    c.say("$ lab dns query big.lab.test TXT --no-edns @%s", Sockets.hostPort(at));
    try {
      QueryResult r = ask(at, "big.lab.test.", Type.TXT, false);
      Message m = r.response();
      int records = m.getSection(Section.ANSWER).size();
      c.claim(
          "DNS-3",
          "the answer did not fit a 512-byte UDP message: the server set TC (truncated), and the"
              + " same question over TCP brought all %d records, %d bytes",
          records,
          r.size());
      boolean ok = r.retriedOverTcp() && r.tcp() && records > 1 && r.size() > 512;
      String evidence =
          "big.lab.test TXT: TC over UDP, retried over TCP: "
              + records
              + " records, "
              + r.size()
              + " bytes";
      return ok ? TourCheck.shown("DNS-3", evidence) : TourCheck.failed("DNS-3", evidence);
    } catch (IOException e) {
      return TourCheck.failed("DNS-3", "no answer for big.lab.test: " + e.getMessage());
    }
  }

  static QueryResult ask(InetSocketAddress at, String name, int type, boolean edns)
      throws IOException {
    return DnsQuery.ask(
        Name.fromString(name),
        type,
        new QueryOptions(at, false, false, edns, QueryOptions.DEFAULT_BUFSIZE, TIMEOUT));
  }

  /** The header line and the answer and authority sections, as dig shows them. */
  static void show(Console c, QueryResult r) {
    for (String line : DigFormat.lines(r)) {
      if (line.startsWith(";; flags")
          || line.startsWith(";; ->>HEADER")
          || line.contains("IN\t")
          || line.endsWith(" SECTION:")) {
        c.say("  %s", line);
      }
    }
  }
}
