package dev.netlab.grade.dnsserver;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.transport.Transport;
import dev.netlab.dns.server.DnsMetrics;
import dev.netlab.dns.server.DnsServer;
import dev.netlab.dns.server.QueryLog;
import dev.netlab.dns.server.ZoneFiles;
import dev.netlab.dns.server.Zones;
import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.CaseContext;
import dev.netlab.grade.engine.CaseFailure;
import dev.netlab.grade.engine.ExerciseSuite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The cases of {@code dns-server}: the student's program is an authoritative DNS server for the
 * exercise's zone (course.test, in the jar and at LAB_ZONE) on UDP LAB_HOST:LAB_PORT. Each answer
 * is compared with lab-dns's own server's answer to the same question over the same zone.
 */
public final class DnsServerSuite implements ExerciseSuite, AutoCloseable {
  /** The zone, as the exercise page shows it. */
  static final String ZONE_RESOURCE = "/dev/netlab/grade/dns/course.test.zone";

  /** A reply datagram's size at most: 512 without EDNS (RFC 1035), with room to spare. */
  static final int MAX_REPLY = 4096;

  /** How long the server is watched after the garbage: a crash shows in this time. */
  static final Duration SURVIVAL_WATCH = Duration.ofMillis(500);

  /** The questions of the answers case: each has records of its type in the zone. */
  static final List<String> ANSWERS =
      List.of(
          "www.course.test. A", "www.course.test. AAAA", "course.test. MX", "mail.course.test. A");

  private final Path zoneFile;
  private LabRun lab;
  private DnsServer reference;

  public DnsServerSuite() {
    try (InputStream in = DnsServerSuite.class.getResourceAsStream(ZONE_RESOURCE)) {
      zoneFile = Files.createTempFile("netlab-grade-", ".zone");
      Files.write(zoneFile, in.readAllBytes());
      zoneFile.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the exercise's zone to a temporary file", e);
    }
  }

  @Override
  public Map<String, Check> checks() {
    return Map.of(
        "dns_a_aaaa_mx_answers_with_aa", this::answers,
        "dns_nxdomain_with_soa_in_authority", this::nxdomain,
        "dns_nodata_with_soa_in_authority", this::nodata,
        "dns_id_and_question_echoed", this::echoed,
        "dns_refused_outside_zone", this::refused,
        "dns_survives_garbage_datagrams", this::garbage);
  }

  @Override
  public Map<String, String> environment() {
    return Map.of("LAB_ZONE", zoneFile.toString());
  }

  /** The server answers on UDP: the apex's SOA came back. */
  @Override
  public String notReady(String where, String within) {
    return Messages.get("server.never_answered", where, within, Messages.get("dns.ready_question"));
  }

  @Override
  public boolean ready(InetSocketAddress address, Duration wait) {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout((int) wait.toMillis());
      return exchange(s, address, query("course.test. SOA", 1)).isPresent();
    } catch (IOException notYet) {
      return false;
    }
  }

  /** A, AAAA and MX questions: the same records as lab-dns's answer, with AA set. */
  String answers(CaseContext ctx) throws Exception {
    for (String q : ANSWERS) {
      same(ctx, q, true);
    }
    return Messages.get("dns.answers_ok", ANSWERS.size());
  }

  /** A name the zone does not have: NXDOMAIN, the zone's SOA in the authority section. */
  String nxdomain(CaseContext ctx) throws Exception {
    String q = "no-" + ctx.seed().pick("nxdomain", 100, 999) + ".course.test. A";
    same(ctx, q, false);
    return Messages.get("dns.same_ok", q);
  }

  /** A name the zone has, but not with this type: NOERROR, no answer, the SOA in authority. */
  String nodata(CaseContext ctx) throws Exception {
    String q = "mail.course.test. AAAA";
    same(ctx, q, false);
    return Messages.get("dns.same_ok", q);
  }

  /** Each reply carries its query's id and question, the name's case as sent (RFC 1035 4.1.1). */
  String echoed(CaseContext ctx) throws Exception {
    SplittableRandom r = new SplittableRandom(ctx.seed().seed("ids"));
    for (String q : List.of("WwW.Course.TEST. A", "course.test. MX", "nope.course.test. AAAA")) {
      int id = r.nextInt(1, 65_536);
      Message sent = query(q, id);
      Message got = ask(ctx, sent, q);
      if (got.getHeader().getID() != id) {
        throw new CaseFailure(Messages.get("dns.id_wrong", q, id, got.getHeader().getID()));
      }
      Record want = sent.getQuestion();
      Record had = got.getQuestion();
      if (had == null
          || !had.getName().toString().equals(want.getName().toString())
          || had.getType() != want.getType()
          || had.getDClass() != want.getDClass()) {
        throw new CaseFailure(
            Messages.get("dns.question_wrong", q, had == null ? "no question" : had.toString()));
      }
    }
    return Messages.get("dns.echoed_ok");
  }

  /** A name outside the zone: REFUSED, without AA, as lab-dns answers. */
  String refused(CaseContext ctx) throws Exception {
    String q = "www.example.com. A";
    Message got = ask(ctx, query(q, 7), q);
    if (got.getRcode() != Rcode.REFUSED || got.getHeader().getFlag(Flags.AA)) {
      throw new CaseFailure(Messages.get("dns.refused_wrong", q, DnsComparison.summary(got, true)));
    }
    return Messages.get("dns.refused_ok", q);
  }

  /** Datagrams that are not DNS queries, then a query: it is answered, the server still runs. */
  String garbage(CaseContext ctx) throws Exception {
    DatagramSocket s = socket(ctx);
    byte[] random = new byte[40];
    new SplittableRandom(ctx.seed().seed("garbage")).nextBytes(random);
    byte[] truncated = query("www.course.test. A", 9).toWire();
    byte[][] junk = {
      new byte[0],
      {0x12},
      random,
      java.util.Arrays.copyOf(truncated, truncated.length - 3),
      labelTooLong()
    };
    for (byte[] b : junk) {
      s.send(new DatagramPacket(b, b.length, ctx.student()));
    }
    ctx.doing(Messages.get("dns.doing_after_garbage", junk.length));
    // a crash shows as an exit; a query to a dead UDP port would only wait out the case's time
    Optional<Integer> exited = ctx.awaitServerExit(SURVIVAL_WATCH);
    if (exited.isPresent()) {
      throw new CaseFailure(Messages.get("dns.died_on_garbage", junk.length, exited.get()));
    }
    same(ctx, "www.course.test. A", false);
    return Messages.get("dns.garbage_ok", junk.length);
  }

  /** A header claiming one question whose first label says 63 bytes follow, and 2 do. */
  private static byte[] labelTooLong() {
    return new byte[] {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 63, 'a', 'b'};
  }

  /** Asks the student and lab-dns {@code q}; fails unless the two answers agree. */
  private void same(CaseContext ctx, String q, boolean flags) throws Exception {
    Message sent = query(q, ctx.seed().pick("id-" + q, 1, 65_535));
    Message got = ask(ctx, sent, q);
    String want = DnsComparison.summary(reference(sent), flags);
    String had = DnsComparison.summary(got, flags);
    if (!want.equals(had)) {
      throw new CaseFailure(Messages.get("dns.differs", q, want, had));
    }
  }

  /** The student's reply to {@code sent}. */
  private Message ask(CaseContext ctx, Message sent, String q) throws Exception {
    ctx.doing(Messages.get("dns.doing", q));
    Optional<Message> got = exchange(socket(ctx), ctx.student(), sent);
    if (got.isEmpty()) {
      throw new CaseFailure(Messages.get("dns.not_dns", q));
    }
    return got.get();
  }

  private static DatagramSocket socket(CaseContext ctx) throws IOException {
    DatagramSocket s = ctx.track(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
    s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, ctx.remaining().toMillis()));
    return s;
  }

  /**
   * Sends {@code query} and reads the reply: empty when what came back does not parse as DNS;
   * {@link SocketTimeoutException} when nothing came.
   */
  private static Optional<Message> exchange(DatagramSocket s, InetSocketAddress to, Message query)
      throws IOException {
    byte[] wire = query.toWire();
    s.send(new DatagramPacket(wire, wire.length, to));
    DatagramPacket p = new DatagramPacket(new byte[MAX_REPLY], MAX_REPLY);
    s.receive(p);
    try {
      return Optional.of(new Message(java.util.Arrays.copyOf(p.getData(), p.getLength())));
    } catch (IOException notDns) {
      return Optional.empty();
    }
  }

  /** A query for {@code q} ("NAME TYPE") with {@code id}, RD clear, no EDNS. */
  static Message query(String q, int id) throws IOException {
    String[] p = q.split(" ");
    Message m =
        Message.newQuery(Record.newRecord(Name.fromString(p[0]), Type.value(p[1]), DClass.IN));
    m.getHeader().setID(id);
    m.getHeader().unsetFlag(Flags.RD);
    return m;
  }

  /** lab-dns's answer to {@code sent}, from its server over the same zone, started once. */
  private synchronized Message reference(Message sent) throws Exception {
    if (reference == null) {
      lab = LabRun.quiet(Transport.best());
      reference =
          new DnsServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  lab,
                  new Zones(List.of(ZoneFiles.load(zoneFile, null))),
                  new QueryLog(lab.console(), new DnsMetrics(lab.metrics().registry()), false),
                  DnsServer.DEFAULT_IDLE_TIMEOUT,
                  DnsServer.DEFAULT_MAX_CONNECTIONS)
              .start();
    }
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(5_000);
      return exchange(s, reference.localAddress(), sent).orElseThrow();
    }
  }

  @Override
  public synchronized void close() {
    if (reference != null) {
      reference.close();
      lab.close();
      reference = null;
    }
  }
}
