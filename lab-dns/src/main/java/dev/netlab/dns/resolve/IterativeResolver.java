package dev.netlab.dns.resolve;

import dev.netlab.dns.query.DnsQuery;
import dev.netlab.dns.query.QueryOptions;
import dev.netlab.dns.query.QueryResult;
import dev.netlab.dns.resolve.ResolverCache.Entry;
import dev.netlab.dns.resolve.ResolverCache.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An iterative resolver (RFC 1034 section 5.3.3) for the toy hierarchy: it starts at the root
 * hints, or at the closest zone cut it has cached, asks one server after another with RD clear,
 * follows referrals (using their glue, or looking up a glueless server's address first) and CNAMEs
 * across zones, and caches what it learns for its TTL. Every walk is bounded: steps, the depth of
 * glueless lookups, CNAMEs and total time; a referral loop, a lame delegation or glue that cannot
 * be found ends it with one sentence.
 *
 * <pre>{@code
 * Resolution r = new IterativeResolver(hierarchy.rootHints(), cache).resolve(name, Type.A);
 * r.lines().forEach(System.out::println);
 * }</pre>
 */
public final class IterativeResolver {
  /**
   * How far one resolution may go.
   *
   * @param maxSteps queries and cache look-ups in all
   * @param maxDepth nested look-ups of glueless servers' addresses
   * @param maxCnames CNAMEs followed
   * @param total time for the whole resolution
   * @param perQuery time to wait for one server's answer before trying the next server
   */
  public record Limits(
      int maxSteps, int maxDepth, int maxCnames, Duration total, Duration perQuery) {
    /** Enough for any name of the toy hierarchy, small enough to end quickly on loopback. */
    public static final Limits DEFAULT =
        new Limits(30, 4, 8, Duration.ofSeconds(10), Duration.ofSeconds(1));
  }

  /** UDP size offered with EDNS: dig's default (see {@link QueryOptions#DEFAULT_BUFSIZE}). */
  static final int BUFSIZE = QueryOptions.DEFAULT_BUFSIZE;

  private final RootHints hints;
  private final ResolverCache cache;
  private final Limits limits;

  public IterativeResolver(RootHints hints, ResolverCache cache, Limits limits) {
    this.hints = Objects.requireNonNull(hints, "hints");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public IterativeResolver(RootHints hints, ResolverCache cache) {
    this(hints, cache, Limits.DEFAULT);
  }

  /** Resolves {@code name}/{@code type}; never throws for what the servers do, never hangs. */
  public Resolution resolve(Name name, int type) {
    Walk w = new Walk();
    try {
      Final f = w.lookup(name, type, 0);
      return new Resolution(
          name, type, f.rcode, f.answer, f.authority, w.steps, null, w.elapsedMicros());
    } catch (Failure e) {
      return new Resolution(
          name,
          type,
          Rcode.SERVFAIL,
          List.of(),
          List.of(),
          w.steps,
          e.getMessage(),
          w.elapsedMicros());
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

  /** One resolution's state: its steps, its clock, the servers asked. */
  private final class Walk {
    final List<Step> steps = new ArrayList<>();
    final long start = System.nanoTime();
    final long deadline = start + limits.total().toNanos();

    /**
     * "address|zone|question" for every server asked as a server of a zone: asking it the same
     * again means the referrals went round.
     */
    final Set<String> asked = new HashSet<>();

    /** Server names whose address is being looked up: needing one again is a cycle. */
    final Set<Name> lookingUp = new LinkedHashSet<>();

    long elapsedMicros() {
      return (System.nanoTime() - start) / 1_000;
    }

    void add(Step s) throws Failure {
      steps.add(s);
      if (steps.size() >= limits.maxSteps()) {
        throw new Failure(
            "gave up after "
                + limits.maxSteps()
                + " steps: the hierarchy sends the resolver round");
      }
    }

    /** The answer for {@code qname}, following CNAMEs: from the cache, or by walking down. */
    Final lookup(Name qname, int qtype, int depth) throws Failure {
      List<Record> answer = new ArrayList<>();
      Name name = qname;
      for (int hop = 0; ; hop++) {
        if (hop > limits.maxCnames()) {
          throw new Failure(
              "more than " + limits.maxCnames() + " CNAMEs from " + qname + ": a CNAME loop?");
        }
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
          return new Final(
              e.kind() == Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR, answer, left);
        }
        Entry cname = qtype == Type.CNAME ? null : cache.answer(name, Type.CNAME);
        if (cname != null && cname.kind() == Kind.RRSET) {
          List<Record> left = cache.recordsLeft(cname);
          add(cachedStep(depth, name + " CNAME", Step.Outcome.CACHED_ANSWER, cname, left));
          answer.addAll(left);
          name = ((CNAMERecord) left.get(0)).getTarget();
          continue;
        }
        Message m = walk(name, qtype, depth);
        List<Record> records = records(m, Section.ANSWER);
        answer.addAll(records);
        cacheAnswer(records);
        Name end = chainEnd(name, records);
        boolean has =
            records.stream().anyMatch(r -> r.getName().equals(end) && r.getType() == qtype);
        SOARecord soa = soa(m);
        if (m.getRcode() == Rcode.NXDOMAIN) {
          if (soa != null) {
            cache.putNegative(end, qtype, Kind.NXDOMAIN, soa);
          }
          return new Final(Rcode.NXDOMAIN, answer, soa == null ? List.of() : List.of(soa));
        }
        if (has || qtype == Type.CNAME || end.equals(name) || soa != null) {
          if (!has && soa != null) {
            cache.putNegative(end, qtype, Kind.NODATA, soa);
          }
          return new Final(Rcode.NOERROR, answer, has || soa == null ? List.of() : List.of(soa));
        }
        // the chain leaves the server's zones: go on from its last name
        name = end;
      }
    }

    /**
     * Walks down from the closest known zone cut to a server authoritative for {@code name}, and
     * returns its authoritative response (an answer, a CNAME, NXDOMAIN or NODATA).
     */
    Message walk(Name name, int type, int depth) throws Failure {
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
                  "cached referral to " + cut + ", expires in " + cache.secondsLeft(d) + " s",
                  texts(cache.recordsLeft(d)),
                  glue,
                  0));
          break;
        }
      }
      List<String> lame = new ArrayList<>();
      while (true) {
        Server s = next(zone, servers, unresolved, lame, depth);
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
                      new InetSocketAddress(s.address(), hints.port()),
                      false,
                      false,
                      true,
                      BUFSIZE,
                      timeout));
        } catch (IOException e) {
          add(
              step(
                  depth,
                  s,
                  zone,
                  question,
                  Step.Outcome.NO_RESPONSE,
                  "no response within " + timeout.toMillis() + " ms",
                  List.of(),
                  List.of(),
                  timeout.toNanos() / 1000));
          lame.add(s.label() + ": no response");
          continue;
        }
        Message m = q.response();
        int rcode = m.getRcode();
        boolean aa = m.getHeader().getFlag(Flags.AA);
        List<Record> ns = nsRecords(m);
        Name cut = ns.isEmpty() ? null : ns.get(0).getName();
        if ((rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) && aa) {
          add(answerStep(depth, s, zone, question, m, type, q.micros()));
          return m;
        }
        if (rcode == Rcode.NOERROR
            && !aa
            && cut != null
            && name.subdomain(cut)
            && cut.subdomain(zone)
            && records(m, Section.ANSWER).isEmpty()) {
          // a referral: the NS of a zone cut below (or, from a broken server, at) the one asked
          cache.putRRset(ns, Kind.DELEGATION);
          servers = new ArrayList<>();
          unresolved = new ArrayList<>();
          List<String> glueUsed = new ArrayList<>();
          for (Record r : ns) {
            Name target = ((NSRecord) r).getTarget();
            List<Record> glue = glue(m, target, zone);
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
          continue;
        }
        String why =
            rcode != Rcode.NOERROR
                ? Rcode.string(rcode)
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
    Server next(
        Name zone, List<Server> servers, List<Name> unresolved, List<String> lame, int depth)
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
          if (r instanceof ARecord a && a.getName().equals(chainEnd(ns, f.answer()))) {
            found.add(new Server(ns, a.getAddress()));
          }
        }
        if (!found.isEmpty()) {
          servers.addAll(found.subList(1, found.size()));
          return found.get(0);
        }
        lame.add(ns + ": no address (" + Rcode.string(f.rcode()) + ")");
      }
      if (lame.isEmpty()) {
        throw new Failure("missing glue: no server of " + zone + " has an address");
      }
      throw new Failure(
          "lame delegation: no server of "
              + zone
              + " answers for it ("
              + String.join("; ", lame)
              + ")");
    }

    Step cachedStep(int depth, String question, Step.Outcome o, Entry e, List<Record> left) {
      return new Step(
          depth,
          "cache",
          null,
          question,
          o,
          o.name().substring("CACHED_".length()).toLowerCase(java.util.Locale.ROOT)
              + " from the cache, expires in "
              + cache.secondsLeft(e)
              + " s",
          texts(left),
          List.of(),
          0);
    }

    Step answerStep(
        int depth, Server s, Name zone, String question, Message m, int type, long micros) {
      List<Record> answer = records(m, Section.ANSWER);
      Step.Outcome o;
      String summary;
      if (m.getRcode() == Rcode.NXDOMAIN) {
        o = Step.Outcome.NXDOMAIN;
        summary = "NXDOMAIN: the name does not exist";
      } else if (answer.isEmpty()) {
        o = Step.Outcome.NODATA;
        summary = "NODATA: the name exists, without " + Type.string(type) + " records";
      } else if (answer.stream().noneMatch(r -> r.getType() == type)) {
        o = Step.Outcome.CNAME;
        summary = "CNAME: the answer goes on elsewhere";
      } else {
        o = Step.Outcome.ANSWER;
        summary = "answer, authoritative (AA)";
      }
      List<Record> shown = new ArrayList<>(answer);
      SOARecord soa = soa(m);
      if (soa != null) {
        shown.add(soa);
      }
      return step(depth, s, zone, question, o, summary, texts(shown), List.of(), micros);
    }
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

  private void cacheAnswer(List<Record> records) {
    List<List<Record>> sets = new ArrayList<>();
    for (Record r : records) {
      List<Record> set =
          sets.stream()
              .filter(
                  x -> x.get(0).getName().equals(r.getName()) && x.get(0).getType() == r.getType())
              .findFirst()
              .orElse(null);
      if (set == null) {
        set = new ArrayList<>();
        sets.add(set);
      }
      set.add(r);
    }
    sets.forEach(set -> cache.putRRset(set, Kind.RRSET));
  }

  /** Where a CNAME chain starting at {@code name} ends within {@code records}. */
  static Name chainEnd(Name name, List<Record> records) {
    Name end = name;
    for (int i = 0; i <= records.size(); i++) {
      Name at = end;
      Record c =
          records.stream()
              .filter(r -> r instanceof CNAMERecord && r.getName().equals(at))
              .findFirst()
              .orElse(null);
      if (c == null) {
        return end;
      }
      end = ((CNAMERecord) c).getTarget();
    }
    return end;
  }

  private static List<Record> records(Message m, int section) {
    return m.getSection(section);
  }

  private static List<Record> nsRecords(Message m) {
    List<Record> ns = new ArrayList<>();
    for (Record r : m.getSection(Section.AUTHORITY)) {
      if (r.getType() == Type.NS && (ns.isEmpty() || ns.get(0).getName().equals(r.getName()))) {
        ns.add(r);
      }
    }
    return ns;
  }

  private static SOARecord soa(Message m) {
    for (Record r : m.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) {
        return soa;
      }
    }
    return null;
  }

  /**
   * The A glue for {@code target}, only from within the referring zone (as unbound's harden-glue).
   */
  private static List<Record> glue(Message m, Name target, Name zone) {
    List<Record> glue = new ArrayList<>();
    for (Record r : m.getSection(Section.ADDITIONAL)) {
      if (r instanceof ARecord && r.getName().equals(target) && target.subdomain(zone)) {
        glue.add(r);
      }
    }
    return glue;
  }

  private static List<String> texts(List<Record> records) {
    return records.stream().map(Record::toString).toList();
  }
}
