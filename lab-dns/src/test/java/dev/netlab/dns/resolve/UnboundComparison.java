package dev.netlab.dns.resolve;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.transport.Transport;
import dev.netlab.dns.hierarchy.Hierarchy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The child process of {@link UnboundDifferentialTest}, run inside a fresh network namespace where
 * port 53 is free: starts the hierarchy on port 53 (unbound asks nothing else), unbound with the
 * same root hints, asks both every question and prints one line per question, "SAME" or "DIFF",
 * then exits 0 when all were the same.
 */
public final class UnboundComparison {
  /**
   * Every name of the hierarchy, each kind: answers, NODATA, NXDOMAIN, CNAME, glueless, failures.
   */
  static final List<String> QUESTIONS =
      List.of(
          "www.shop.test. A",
          "www.shop.test. AAAA",
          "www.shop.test. MX",
          "ns1.shop.test. A",
          "shop.test. NS",
          "shop.test. SOA",
          "nope.shop.test. A",
          "nope.shop.test. AAAA",
          "cdn.shop.test. A",
          "cdn.shop.test. CNAME",
          "api.shop.test. A",
          "www.blog.test. A",
          "nope.blog.test. A",
          "www.hosting.example. A",
          "ns.hosting.example. A",
          "nope.test. A",
          "nope.example. A",
          "www.lame.test. A",
          "www.loop.test. A",
          "www.broken.test. A");

  /** How long unbound may take over one question (its lame and loop handling retries). */
  static final Duration UNBOUND_TIMEOUT = Duration.ofSeconds(20);

  private UnboundComparison() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    run("ip", "link", "set", "lo", "up");
    int code;
    try (Hierarchy h = Hierarchy.start(dir.resolve("zones"), 53, LabRun.quiet(Transport.best()))) {
      Path hints = dir.resolve("root.hints");
      Files.write(hints, h.rootHints().lines());
      Process unbound = startUnbound(dir, hints);
      try {
        code = compare(h.rootHints()) ? 0 : 3;
      } finally {
        unbound.destroy();
        if (!unbound.waitFor(10, TimeUnit.SECONDS)) {
          unbound.destroyForcibly();
        }
      }
    }
    System.out.flush();
    System.exit(code);
  }

  private static boolean compare(RootHints hints) throws IOException {
    boolean same = true;
    for (String q : QUESTIONS) {
      String[] p = q.split(" ");
      Name name = Name.fromString(p[0]);
      int type = Type.value(p[1]);
      // a fresh cache for each question: every walk starts at the root, as unbound's first
      Resolution r =
          new IterativeResolver(hints, ResolverCache.inMemory(Clock.systemUTC()))
              .resolve(name, type);
      String ours = r.status() + " " + rdata(r.answer());
      Message m = ask(name, type);
      String theirs =
          (m.getRcode() == Rcode.SERVFAIL ? "FAILED" : Rcode.string(m.getRcode()))
              + " "
              + rdata(m.getSection(Section.ANSWER));
      boolean ok = ours.equals(theirs);
      same &= ok;
      System.out.println(
          (ok ? "SAME " : "DIFF ")
              + q
              + " | lab dns resolve: "
              + ours
              + (r.answered() ? "" : " (" + r.failure() + ")")
              + " | unbound: "
              + theirs);
    }
    return same;
  }

  /** The answer's records without TTLs, lower case, sorted: what both must agree on. */
  static String rdata(List<Record> records) {
    return records.stream()
        .map(
            r ->
                (r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString())
                    .toLowerCase(Locale.ROOT))
        .sorted()
        .toList()
        .toString();
  }

  private static Message ask(Name name, int type) throws IOException {
    SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", 53));
    r.setTimeout(UNBOUND_TIMEOUT);
    return r.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
  }

  /**
   * unbound as a plain iterator (no DNSSEC validator: the toy zones are unsigned), allowed to ask
   * 127/8 ({@code do-not-query-localhost: no}), with the toy root hints, and without QNAME
   * minimisation so that it asks each server the full name as {@code lab dns resolve} does, and
   * without its built-in empty zone for {@code test.} (RFC 6761 names answer NXDOMAIN there). The
   * harden-* options keep their defaults: harden-glue (glue only from within the referring zone) is
   * what the resolver does too.
   */
  private static Process startUnbound(Path dir, Path hints) throws Exception {
    Path conf = dir.resolve("unbound.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "server:",
            "  interface: 127.0.0.1",
            "  port: 53",
            "  do-ip6: no",
            "  access-control: 127.0.0.0/8 allow",
            "  do-not-query-localhost: no",
            "  root-hints: \"" + hints + "\"",
            "  module-config: \"iterator\"",
            "  qname-minimisation: no",
            "  local-zone: \"test.\" nodefault",
            "  username: \"\"",
            "  chroot: \"\"",
            "  directory: \"" + dir + "\"",
            "  pidfile: \"" + dir.resolve("unbound.pid") + "\"",
            "  use-syslog: no",
            "  logfile: \"" + dir.resolve("unbound.log") + "\"",
            "  num-threads: 1",
            "  verbosity: 1",
            "remote-control:",
            "  control-enable: no",
            ""));
    Process p =
        new ProcessBuilder("unbound", "-d", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("unbound.out").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", 53));
        r.setTimeout(Duration.ofMillis(500));
        r.send(Message.newQuery(Record.newRecord(Name.root, Type.NS, DClass.IN)));
        return p;
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "unbound did not start: " + Files.readString(dir.resolve("unbound.out")));
        }
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }
  }
}
