package dev.netlab.dns.resolve;

import static dev.netlab.dns.resolve.Responses.texts;

import dev.netlab.common.net.Sockets;
import dev.netlab.dns.query.DnsQuery;
import dev.netlab.dns.query.QueryOptions;
import dev.netlab.dns.query.QueryResult;
import dev.netlab.dns.resolve.ResolverCache.Entry;
import dev.netlab.dns.resolve.ResolverCache.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One resolution of {@link IterativeResolver}: its steps, its clock, the servers it asked. Not
 * thread-safe; one per {@link IterativeResolver#resolve} call.
 */
final class ResolverWalk {
  private final RootHints hints;
  private final ResolverCache cache;
  private final IterativeResolver.Limits limits;
  private final List<Step> steps = new ArrayList<>();
  private final long start = System.nanoTime();
  private final long deadline;

  /** The cache's mark when this walk began: entries put after it were learned by this walk. */
  private final long learnedMark;

  /**
   * "address|zone|question" for every server asked as a server of a zone: asking it the same again
   * means the referrals went round.
   */
  private final Set<String> asked = new HashSet<>();

  /** Server names whose address is being looked up: needing one again is a cycle. */
  private final Set<Name> lookingUp = new LinkedHashSet<>();

  ResolverWalk(RootHints hints, ResolverCache cache, IterativeResolver.Limits limits) {
    this.hints = hints;
    this.cache = cache;
    this.limits = limits;
    this.deadline = start + limits.total().toNanos();
    this.learnedMark = cache.mark();
  }

  /** Resolves {@code name}/{@code type}; never throws for what the servers do, never hangs. */
  Resolution resolve(Name name, int type) {
    try {
      Final f = lookup(name, type, 0);
      return new Resolution(
          name, type, f.rcode, f.answer, f.authority, steps, null, elapsedMicros());
    } catch (Failure e) {
      return new Resolution(
          name, type, Rcode.SERVFAIL, List.of(), List.of(), steps, e.getMessage(), elapsedMicros());
    }
  }

  /** Why a walk stopped without an answer: one sentence. */
  private static final class Failure extends Exception {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** A final answer for one name: rcode, answer records, the SOA of a negative answer. */
  private record Final(int rcode, List<Record> answer, List<Record> authority) {}

  /** A name server of a zone cut: its name and, once known, its address. */
  private record Server(Name name, InetAddress address) {
    String label() {
      return name + " (" + address.getHostAddress() + ")";
    }
  }

  private long elapsedMicros() {
    return (System.nanoTime() - start) / 1_000;
  }

  private void add(Step s) throws Failure {
    steps.add(s);
    if (steps.size() >= limits.maxSteps()) {
      throw new Failure(
          "step limit reached: gave up after "
              + limits.maxSteps()
              + " steps without an answer: raise --max-steps (default "
              + IterativeResolver.Limits.DEFAULT.maxSteps()
              + ")");
    }
  }

  /** The answer for {@code qname}, following CNAMEs: from the cache, or by walking down. */
  private Final lookup(Name qname, int qtype, int depth) throws Failure {
    List<Record> answer = new ArrayList<>();
    Name name = qname;
    List<Name> chain = new ArrayList<>(List.of(qname));
    while (true) {
      String question = name + " " + Type.string(qtype);
      Entry e = cache.answer(name, qtype);
      if (e != null) {
        List<Record> left = cache.recordsLeft(e);
        Step.Outcome o =
            switch (e.kind()) {
              case NXDOMAIN -> Step.Outcome.CACHED_NXDOMAIN;
              case NODATA -> Step.Outcome.CACHED_NODATA;
              default -> Step.Outcome.CACHED_ANSWER;
            };
        add(cachedStep(depth, question, o, e, left));
        if (e.kind() == Kind.RRSET) {
          answer.addAll(left);
          return new Final(Rcode.NOERROR, answer, List.of());
        }
        return new Final(e.kind() == Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR, answer, left);
      }
      Entry cname = Responses.endsAtName(qtype) ? null : cache.answer(name, Type.CNAME);
      if (cname != null && cname.kind() == Kind.RRSET) {
        List<Record> left = cache.recordsLeft(cname);
        add(cachedStep(depth, question, Step.Outcome.CACHED_ANSWER, cname, left));
        answer.addAll(left);
        name = ((CNAMERecord) left.get(0)).getTarget();
        follow(chain, name);
        continue;
      }
      Message m = walk(name, qtype, depth);
      List<Record> records = m.getSection(Section.ANSWER);
      answer.addAll(records);
      cache.putAnswer(records);
      Name at = name;
      for (Name next = Responses.cnameTarget(at, records);
          next != null;
          next = Responses.cnameTarget(at, records)) {
        follow(chain, next);
        at = next;
      }
      Name end = at;
      boolean has =
          records.stream().anyMatch(r -> r.getName().equals(end) && Responses.matches(r, qtype));
      SOARecord soa = Responses.soa(m);
      if (m.getRcode() == Rcode.NXDOMAIN) {
        if (soa != null) {
          cache.putNegative(end, qtype, Kind.NXDOMAIN, soa);
        }
        return new Final(Rcode.NXDOMAIN, answer, soa == null ? List.of() : List.of(soa));
      }
      if (has || Responses.endsAtName(qtype) || end.equals(name) || soa != null) {
        // NODATA for ANY is not kept: its key is the one NXDOMAIN (every type) uses
        if (!has && soa != null && qtype != Type.ANY) {
          cache.putNegative(end, qtype, Kind.NODATA, soa);
        }
        return new Final(Rcode.NOERROR, answer, has || soa == null ? List.of() : List.of(soa));
      }
      // the chain leaves the server's zones: go on from its last name
      name = end;
    }
  }

  /**
   * Adds {@code target} to the CNAME chain followed so far; a name seen before is a loop, and a
   * chain longer than the limit ends the walk too.
   */
  private void follow(List<Name> chain, Name target) throws Failure {
    boolean loop = chain.contains(target);
    chain.add(target);
    if (loop) {
      throw new Failure(
          "CNAME loop: "
              + String.join(" -> ", chain.stream().map(Name::toString).toList())
              + ": fix the CNAME records of these names");
    }
    if (chain.size() - 1 > limits.maxCnames()) {
      throw new Failure(
          "more than "
              + limits.maxCnames()
              + " CNAMEs from "
              + chain.get(0)
              + ": a chain that long is broken (resolvers give up too)");
    }
  }

  /**
   * Walks down from the closest known zone cut to a server authoritative for {@code name}, and
   * returns its authoritative response (an answer, a CNAME, NXDOMAIN or NODATA).
   */
  private Message walk(Name name, int type, int depth) throws Failure {
    Name zone = Name.root;
    List<Server> servers = new ArrayList<>();
    List<Name> unresolved = new ArrayList<>();
    for (RootHints.Hint h : hints.servers()) {
      servers.add(new Server(h.name(), h.address()));
    }
    for (Name cut = name; cut.labels() > 1; cut = new Name(cut, 1)) {
      Entry d = cache.delegation(cut);
      if (d != null) {
        zone = cut;
        servers.clear();
        List<String> glue = new ArrayList<>();
        for (Record r : cache.recordsLeft(d)) {
          Name ns = ((NSRecord) r).getTarget();
          Entry a = cache.address(ns);
          if (a == null) {
            unresolved.add(ns);
          } else {
            for (Record ar : cache.recordsLeft(a)) {
              servers.add(new Server(ns, ((ARecord) ar).getAddress()));
              glue.add(ar.toString());
            }
          }
        }
        add(
            new Step(
                depth,
                "cache",
                null,
                name + " " + Type.string(type),
                Step.Outcome.CACHED_REFERRAL,
                "cached referral to "
                    + cut
                    + (cache.learnedAfter(d, learnedMark) ? ", learned earlier in this run" : "")
                    + ", expires in "
                    + cache.secondsLeft(d)
                    + " s",
                texts(cache.recordsLeft(d)),
                glue,
                0));
        break;
      }
    }
    List<String> lame = new ArrayList<>();
    List<String> silent = new ArrayList<>();
    while (true) {
      Server s = next(zone, servers, unresolved, lame, silent, depth);
      String key = s.address().getHostAddress() + "|" + zone + "|" + name + "/" + type;
      if (!asked.add(key)) {
        throw new Failure(
            "referral loop: "
                + s.label()
                + " was already asked about "
                + zone
                + " and the referrals lead back to it");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new Failure(
            "gave up after " + limits.total().toMillis() + " ms without an answer for " + name);
      }
      Duration timeout = Duration.ofNanos(Math.min(left, limits.perQuery().toNanos()));
      String question = name + " " + Type.string(type);
      QueryResult q;
      try {
        q =
            DnsQuery.ask(
                name,
                type,
                new QueryOptions(
                    hints.socketAddress(s.address()),
                    false,
                    false,
                    true,
                    IterativeResolver.BUFSIZE,
                    timeout));
      } catch (IOException e) {
        boolean refused = isPortUnreachable(e);
        String at = Sockets.hostPort(hints.socketAddress(s.address()));
        add(
            step(
                depth,
                s,
                zone,
                question,
                Step.Outcome.NO_RESPONSE,
                refused
                    ? "nobody answered at " + at + " (port unreachable)"
                    : "no response within " + timeout.toMillis() + " ms",
                List.of(),
                List.of(),
                refused ? 0 : timeout.toNanos() / 1000));
        silent.add(
            s.label()
                + (refused
                    ? ": port " + hints.socketAddress(s.address()).getPort() + " unreachable"
                    : ": no response"));
        continue;
      }
      Message m = q.response();
      if (Responses.isAuthoritative(m)) {
        add(answerStep(depth, s, zone, question, m, type, q.micros()));
        return m;
      }
      Name cut = Responses.referral(m, name, zone);
      if (cut != null) {
        List<Record> ns = Responses.ns(m);
        cache.putRRset(ns, Kind.DELEGATION);
        servers = new ArrayList<>();
        unresolved = new ArrayList<>();
        List<String> glueUsed = new ArrayList<>();
        for (Record r : ns) {
          Name target = ((NSRecord) r).getTarget();
          List<Record> glue = Responses.glue(m, target, zone);
          if (glue.isEmpty()) {
            unresolved.add(target);
          }
          for (Record g : glue) {
            servers.add(new Server(target, ((ARecord) g).getAddress()));
            glueUsed.add(g.toString());
          }
          if (!glue.isEmpty()) {
            cache.putRRset(glue, Kind.GLUE);
          }
        }
        add(
            step(
                depth,
                s,
                zone,
                question,
                Step.Outcome.REFERRAL,
                "referral to " + cut + (glueUsed.isEmpty() ? ", no glue" : ""),
                texts(ns),
                glueUsed,
                q.micros()));
        zone = cut;
        lame.clear();
        silent.clear();
        continue;
      }
      String why =
          m.getRcode() != Rcode.NOERROR
              ? Rcode.string(m.getRcode())
              : "no authority (AA clear) and no referral below " + zone;
      add(
          step(
              depth,
              s,
              zone,
              question,
              Step.Outcome.LAME,
              why + ": lame",
              List.of(),
              List.of(),
              q.micros()));
      lame.add(s.label() + ": " + why);
    }
  }

  /**
   * The next server of {@code zone} to ask: one with an address, else the first glueless one once
   * its address is looked up.
   */
  private Server next(
      Name zone,
      List<Server> servers,
      List<Name> unresolved,
      List<String> lame,
      List<String> silent,
      int depth)
      throws Failure {
    if (!servers.isEmpty()) {
      return servers.remove(0);
    }
    while (!unresolved.isEmpty()) {
      Name ns = unresolved.remove(0);
      if (ns.subdomain(zone)) {
        throw new Failure(
            "missing glue: "
                + zone
                + " is served by "
                + ns
                + ", a name inside "
                + zone
                + " itself, and the referral gave no address for it");
      }
      if (lookingUp.contains(ns)) {
        List<String> cycle = new ArrayList<>();
        lookingUp.forEach(n -> cycle.add(n.toString()));
        cycle.add(ns.toString());
        throw new Failure(
            "referral loop: the address of "
                + ns
                + " is needed to find itself ("
                + String.join(" -> ", cycle)
                + "): each zone's server is named in the other zone and no referral gives"
                + " glue");
      }
      if (depth + 1 > limits.maxDepth()) {
        throw new Failure(
            "missing glue: looking up the address of "
                + ns
                + " (a server of "
                + zone
                + ") needs more than "
                + limits.maxDepth()
                + " nested look-ups");
      }
      lookingUp.add(ns);
      add(
          new Step(
              depth,
              null,
              zone.toString(),
              ns + " A",
              Step.Outcome.LOOKUP,
              "no glue for " + zone + "'s server " + ns + ": looking up its address first",
              List.of(),
              List.of(),
              0));
      Final f;
      try {
        f = lookup(ns, Type.A, depth + 1);
      } finally {
        lookingUp.remove(ns);
      }
      List<Server> found = new ArrayList<>();
      for (Record r : f.answer()) {
        if (r instanceof ARecord a && a.getName().equals(Responses.chainEnd(ns, f.answer()))) {
          found.add(new Server(ns, a.getAddress()));
        }
      }
      if (!found.isEmpty()) {
        servers.addAll(found.subList(1, found.size()));
        return found.get(0);
      }
      lame.add(ns + ": no address (" + Rcode.string(f.rcode()) + ")");
    }
    if (lame.isEmpty() && silent.isEmpty()) {
      throw new Failure("missing glue: no server of " + zone + " has an address");
    }
    if (lame.isEmpty()) {
      throw new Failure(
          "no response: no server of "
              + zone
              + " answered ("
              + String.join("; ", silent)
              + "): is 'lab dns hierarchy' running on port "
              + hints.port()
              + "?");
    }
    lame.addAll(silent);
    throw new Failure(
        "lame delegation: no server of "
            + zone
            + " answers for it ("
            + String.join("; ", lame)
            + ")");
  }

  /** Whether the query failed on an ICMP port unreachable: nothing listens there. */
  private static boolean isPortUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.PortUnreachableException) {
        return true;
      }
    }
    return false;
  }

  private Step cachedStep(int depth, String question, Step.Outcome o, Entry e, List<Record> left) {
    return new Step(
        depth,
        "cache",
        null,
        question,
        o,
        o.name().substring("CACHED_".length()).toLowerCase(java.util.Locale.ROOT)
            + (cache.learnedAfter(e, learnedMark)
                ? " learned earlier in this run (cached)"
                : " from the cache")
            + ", expires in "
            + cache.secondsLeft(e)
            + " s",
        texts(left),
        List.of(),
        0);
  }

  private Step answerStep(
      int depth, Server s, Name zone, String question, Message m, int type, long micros) {
    Step.Outcome o = Responses.outcome(m, type);
    List<Record> shown = new ArrayList<>(m.getSection(Section.ANSWER));
    SOARecord soa = Responses.soa(m);
    if (soa != null) {
      shown.add(soa);
    }
    return step(
        depth, s, zone, question, o, Responses.summary(o, type), texts(shown), List.of(), micros);
  }

  private static Step step(
      int depth,
      Server s,
      Name zone,
      String question,
      Step.Outcome o,
      String summary,
      List<String> records,
      List<String> glue,
      long micros) {
    return new Step(depth, s.label(), zone.toString(), question, o, summary, records, glue, micros);
  }
}
