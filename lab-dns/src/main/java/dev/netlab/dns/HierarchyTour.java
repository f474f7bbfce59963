package dev.netlab.dns;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.tour.TourCheck;
import dev.netlab.dns.hierarchy.Hierarchy;
import dev.netlab.dns.resolve.IterativeResolver;
import dev.netlab.dns.resolve.Resolution;
import dev.netlab.dns.resolve.ResolverCache;
import dev.netlab.dns.resolve.Step;
import dev.netlab.dns.server.ZoneData;
import dev.netlab.dns.server.ZoneFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS tour over the toy hierarchy ({@code lab dns hierarchy}, on a port the kernel picks): the
 * iterative walk from the root hints to an authoritative answer, then the same question answered
 * from the resolver's cache (DNS-3); and a name whose address is edited in its zone: the zone's
 * server answers the new address at once, the resolver keeps the old one until its TTL runs out,
 * then walks again and finds the new one (DNS-1).
 */
final class HierarchyTour {
  /** The name the walk resolves: root -> test. -> shop.test. */
  static final String WALK = "www.shop.test.";

  /** The name whose address the tour changes (TTL 10 s in the hierarchy's zone). */
  static final String CHANGING = "api.shop.test.";

  /** Its zone's file in the hierarchy's directory. */
  static final String CHANGING_ZONE_FILE = "shop.test.zone";

  /** Its zone. */
  static final String CHANGING_ZONE = "shop.test.";

  /** The address the edit gives it (TEST-NET-1, RFC 5737: never a real host). */
  static final String NEW_ADDRESS = "192.0.2.11";

  private final Console c;
  private final LabRun run;

  HierarchyTour(Console c, LabRun run) {
    this.c = c;
    this.run = run;
  }

  List<TourCheck> run() throws InterruptedException {
    c.say("");
    c.say("== DNS: from the root to the answer, over a toy hierarchy of name servers ==");
    List<TourCheck> checks = new ArrayList<>();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("netlab-tour-hierarchy");
      try (Hierarchy h = Hierarchy.start(dir, 0, run)) {
        for (Hierarchy.Running s : h.servers()) {
          c.say("  %-22s %-18s %s", s.name(), Sockets.hostPort(s.address()), s.zones());
        }
        IterativeResolver resolver =
            new IterativeResolver(h.rootHints(), ResolverCache.inMemory(Clock.systemUTC()));
        checks.add(walk(resolver, h.port()));
        checks.add(addressChange(resolver, h));
      }
    } catch (IOException | LabException e) {
      checks.add(TourCheck.failed("DNS-3", "the toy hierarchy did not start: " + e.getMessage()));
    } finally {
      if (dir != null) {
        Hierarchy.deleteDir(dir, c);
      }
    }
    return checks;
  }

  /** DNS-3: referrals from the root down to the zone's own server, then the cache. */
  private TourCheck walk(IterativeResolver resolver, int port) {
    c.say("");
    c.say("$ lab dns resolve www.shop.test --port %d", port);
    Resolution r = resolver.resolve(name(WALK), Type.A);
    show(r);
    List<Step> asked = r.steps().stream().filter(s -> !s.cached()).toList();
    long referrals = asked.stream().filter(s -> s.outcome() == Step.Outcome.REFERRAL).count();
    boolean walked =
        r.answered()
            && r.rcode() == Rcode.NOERROR
            && !r.answer().isEmpty()
            && !asked.isEmpty()
            && asked.get(0).zone().equals(".")
            && referrals >= 2
            && asked.get(asked.size() - 1).outcome() == Step.Outcome.ANSWER;
    c.say("");
    c.say("$ lab dns resolve www.shop.test --port %d     # again", port);
    Resolution again = resolver.resolve(name(WALK), Type.A);
    show(again);
    boolean cached = again.answered() && again.cachedSteps() == again.steps().size();
    String servers = String.join(" -> ", asked.stream().map(Step::server).toList());
    c.claim(
        "DNS-3",
        "no server knows every name: the root referred the resolver to test.'s server, which"
            + " referred it to shop.test.'s, which answered with AA (%s, %d queries); asked again,"
            + " the resolver answered from its cache without sending a packet",
        servers,
        asked.size());
    String evidence =
        "www.shop.test walked "
            + servers
            + " ("
            + referrals
            + " referrals, then the answer); again: "
            + again.cachedSteps()
            + " of "
            + again.steps().size()
            + " steps from the cache";
    return walked && cached
        ? TourCheck.shown("DNS-3", evidence)
        : TourCheck.failed("DNS-3", evidence);
  }

  /** DNS-1: an edited address, seen at once by the zone's server and after the TTL by caches. */
  private TourCheck addressChange(IterativeResolver resolver, Hierarchy h)
      throws IOException, InterruptedException {
    c.say("");
    Resolution before = resolver.resolve(name(CHANGING), Type.A);
    String oldAddress = address(before);
    c.say("$ lab dns resolve api.shop.test --port %d   ->  %s", h.port(), first(before));
    Path file = h.dir().resolve(CHANGING_ZONE_FILE);
    ZoneData zone = ZoneFiles.load(file, null);
    write(file, withAddress(zone, name(CHANGING), InetAddress.getByName(NEW_ADDRESS)));
    c.say(
        "edited %s: api.shop.test A %s -> %s, serial %d -> %d",
        file, oldAddress, NEW_ADDRESS, zone.serial(), zone.serial() + 1);
    int reloaded = h.reloadChanged();
    InetSocketAddress server =
        h.servers().stream()
            .filter(s -> s.zones().contains(CHANGING_ZONE))
            .findFirst()
            .orElseThrow()
            .address();
    Message direct = DnsTour.ask(server, CHANGING, Type.A, true).response();
    String authoritative =
        direct.getSection(Section.ANSWER).isEmpty()
            ? "none"
            : direct.getSection(Section.ANSWER).get(0).rdataToString();
    c.say(
        "$ lab dns query api.shop.test @%s   ->  %s (flags %s)",
        Sockets.hostPort(server),
        direct.getSection(Section.ANSWER).isEmpty()
            ? "no answer"
            : direct.getSection(Section.ANSWER).get(0),
        dev.netlab.dns.query.DigFormat.flags(direct.getHeader()));
    Resolution cached = resolver.resolve(name(CHANGING), Type.A);
    String cachedAddress = address(cached);
    long ttlLeft = cached.answer().isEmpty() ? 0 : cached.answer().get(0).getTTL();
    c.say(
        "$ lab dns resolve api.shop.test --port %d   ->  %s   (from the cache: %d s of its TTL"
            + " left)",
        h.port(), first(cached), ttlLeft);
    c.say("waiting %d s for the cached answer's TTL to run out ...", ttlLeft + 1);
    Thread.sleep((ttlLeft + 1) * 1000);
    Resolution after = resolver.resolve(name(CHANGING), Type.A);
    String newAddress = address(after);
    c.say(
        "$ lab dns resolve api.shop.test --port %d   ->  %s   (asked again)",
        h.port(), first(after));
    boolean lastStepAsked =
        !after.steps().isEmpty() && !after.steps().get(after.steps().size() - 1).cached();
    c.claim(
        "DNS-1",
        "addresses change, names stay: after the edit api.shop.test's own server answered %s at"
            + " once (aa), the resolver kept the %s it had cached until the %d s TTL ran out,"
            + " then asked again and got %s",
        authoritative,
        cachedAddress,
        before.answer().isEmpty() ? 0 : before.answer().get(0).getTTL(),
        newAddress);
    boolean ok =
        reloaded == 1
            && direct.getHeader().getFlag(Flags.AA)
            && authoritative.equals(NEW_ADDRESS)
            && oldAddress.equals(cachedAddress)
            && cached.cachedSteps() == cached.steps().size()
            && newAddress.equals(NEW_ADDRESS)
            && lastStepAsked;
    String evidence =
        "api.shop.test A "
            + oldAddress
            + " -> "
            + NEW_ADDRESS
            + " in the zone file: its server answered "
            + authoritative
            + " at once, the resolver's cache "
            + cachedAddress
            + " until the TTL ran out, then "
            + newAddress;
    return ok ? TourCheck.shown("DNS-1", evidence) : TourCheck.failed("DNS-1", evidence);
  }

  private void show(Resolution r) {
    r.lines().forEach(line -> c.say(line.isEmpty() ? "" : "  " + line.replace("%", "%%")));
  }

  /** The first answer record's address, or "none". */
  private static String address(Resolution r) {
    return r.answer().stream()
        .filter(rec -> rec.getType() == Type.A)
        .map(Record::rdataToString)
        .findFirst()
        .orElse("none");
  }

  private static String first(Resolution r) {
    return r.answer().isEmpty() ? r.status() : r.answer().get(0).toString();
  }

  /** The zone's records with {@code owner}'s A record set to {@code address}, serial one higher. */
  static List<Record> withAddress(ZoneData zone, Name owner, InetAddress address) {
    List<Record> out = new ArrayList<>();
    for (Record r : zone.records()) {
      if (r instanceof SOARecord soa) {
        out.add(
            new SOARecord(
                soa.getName(),
                soa.getDClass(),
                soa.getTTL(),
                soa.getHost(),
                soa.getAdmin(),
                soa.getSerial() + 1,
                soa.getRefresh(),
                soa.getRetry(),
                soa.getExpire(),
                soa.getMinimum()));
      } else if (r instanceof ARecord a && a.getName().equals(owner)) {
        out.add(new ARecord(a.getName(), a.getDClass(), a.getTTL(), address));
      } else {
        out.add(r);
      }
    }
    return out;
  }

  /** A master file of {@code records}, SOA first, one record per line with absolute names. */
  static void write(Path file, List<Record> records) throws IOException {
    StringBuilder sb = new StringBuilder("; edited by lab tour\n");
    records.stream()
        .sorted(Comparator.comparing((Record r) -> r.getType() != Type.SOA))
        .forEach(r -> sb.append(r).append('\n'));
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
