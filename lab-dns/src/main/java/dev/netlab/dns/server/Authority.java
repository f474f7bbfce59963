package dev.netlab.dns.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The lookup of an authoritative-only server, RFC 1034 section 4.3.2 step by step: find the zone,
 * stop at a zone cut (referral), answer what the name owns, follow a CNAME while it stays in the
 * zone, else synthesize from a wildcard (RFC 4592), else say the name does not exist (RFC 2308). It
 * never recurses.
 */
public final class Authority {
  /**
   * CNAMEs followed for one question: a longer chain in one zone is a loop or a mistake, and the
   * answer stops with what it has, as BIND and NSD do.
   */
  public static final int MAX_CNAME_CHAIN = 16;

  /** Replaced whole on reload: a query sees the old zones or the new ones, never a mix. */
  private volatile Zones zones;

  public Authority(Zones zones) {
    this.zones = zones;
  }

  public Zones zones() {
    return zones;
  }

  /** Answers from {@code zones} from now on. */
  public void serve(Zones zones) {
    this.zones = java.util.Objects.requireNonNull(zones, "zones");
  }

  /** The answer to {@code qname}/{@code qtype}, with REFUSED when no served zone holds it. */
  public Answer lookup(Name qname, int qtype) {
    return lookup(zones, qname, qtype);
  }

  /** The answer from {@code served}: one snapshot of the zones for the whole lookup. */
  static Answer lookup(Zones served, Name qname, int qtype) {
    ZoneData zone = served.find(qname);
    if (zone == null) {
      return new Answer(Rcode.REFUSED, false, List.of(), List.of(), List.of());
    }
    List<RRset> answer = new ArrayList<>();
    Set<Name> seen = new HashSet<>();
    Name name = qname;
    while (true) {
      if (!seen.add(name) || seen.size() > MAX_CNAME_CHAIN) {
        // a CNAME loop, or a chain too long to be meant: what the answer has so far
        return positive(answer);
      }
      // 4.3.2 step 3b: a zone cut on the way down means the answer is somebody else's
      RRset cut = zone.delegationAbove(name);
      if (cut != null && qtype == Type.DS && cut.getName().equals(name)) {
        // DS lives on the parent's side of the cut (RFC 4035 section 3.1.4.1): answer it here
        cut = null;
      }
      if (cut != null) {
        if (!answer.isEmpty()) {
          // a CNAME into a delegated name: the answer so far, the rest is the resolver's job
          return positive(answer);
        }
        return new Answer(Rcode.NOERROR, false, List.of(), List.of(cut), zone.glue(cut));
      }
      Name owner = name;
      var sets = zone.rrsets(name);
      if (sets.isEmpty() && !zone.exists(name)) {
        // 4.3.2 step 3c: no such name; a wildcard at the closest encloser may stand in for it
        Name wildcard = wildcardFor(zone, name);
        if (wildcard == null) {
          return negative(zone, Rcode.NXDOMAIN, answer);
        }
        sets = zone.rrsets(wildcard);
      }
      // 4.3.2 step 3a: the name exists (or its wildcard does)
      RRset any = qtype == Type.ANY ? oneForAny(sets) : null;
      if (any != null) {
        answer.add(rename(any, owner));
        return positive(answer);
      }
      RRset match = sets.get(qtype);
      if (match != null) {
        answer.add(rename(match, owner));
        // 4.3.2 step 4: the addresses a resolver needs next, from local data (as NSD adds them)
        return new Answer(
            Rcode.NOERROR,
            true,
            answer,
            List.of(),
            qtype == Type.NS ? zone.glue(match) : List.of());
      }
      RRset cname = sets.get(Type.CNAME);
      if (cname == null) {
        return negative(zone, Rcode.NOERROR, answer);
      }
      answer.add(rename(cname, owner));
      Name target = ((CNAMERecord) cname.first()).getTarget();
      // 4.3.2 step 3a: "go back to step 1", which looks in every zone this server holds (the
      // target may lie in another one, or in a child zone this server also serves)
      zone = served.find(target);
      if (zone == null) {
        // the chain leaves this server's zones: the resolver follows it from here
        return positive(answer);
      }
      name = target;
    }
  }

  /**
   * The wildcard that answers for a name that does not exist: {@code *.} plus its closest encloser
   * (the longest existing ancestor), or null. A wildcard never answers for names below an existing
   * name other than that encloser (RFC 4592 section 3.3.1).
   */
  private static Name wildcardFor(ZoneData zone, Name name) {
    for (int strip = 1; strip < name.labels(); strip++) {
      Name ancestor = new Name(name, strip);
      if (!ancestor.subdomain(zone.origin())) {
        return null;
      }
      if (zone.exists(ancestor)) {
        Name wildcard = name.wild(strip);
        return zone.rrsets(wildcard).isEmpty() ? null : wildcard;
      }
    }
    return null;
  }

  /**
   * The one RRset that answers ANY (RFC 8482 section 4.1: a server may answer with any one RRset
   * rather than all), chosen as NSD chooses: the first of a small, popular type (A, AAAA, SOA, MX,
   * PTR) in zone file order, else the last of any other type, else the last of the large DNSSEC
   * types; null when the name owns none. Asking for everything is how reflection attacks get big
   * answers from small queries.
   */
  static RRset oneForAny(Map<Integer, RRset> sets) {
    RRset normal = null;
    RRset large = null;
    for (RRset set : sets.values()) {
      switch (set.getType()) {
        case Type.A, Type.AAAA, Type.SOA, Type.MX, Type.PTR -> {
          return set;
        }
        case Type.DNSKEY, Type.RRSIG, Type.NSEC -> large = set;
        case Type.NSEC3 -> {
          // NSEC3 records answer no query by their owner name (RFC 5155 section 7.2.8)
        }
        default -> normal = set;
      }
    }
    return normal != null ? normal : large;
  }

  private static Answer positive(List<RRset> answer) {
    return new Answer(Rcode.NOERROR, true, answer, List.of(), List.of());
  }

  /** NXDOMAIN or NODATA: the zone's SOA in authority, its TTL the negative TTL (RFC 2308 s.3). */
  private static Answer negative(ZoneData zone, int rcode, List<RRset> answer) {
    return new Answer(rcode, true, answer, List.of(new RRset(negativeSoa(zone.soa()))), List.of());
  }

  /** The SOA as a negative answer carries it: TTL = min(SOA TTL, SOA minimum). */
  static SOARecord negativeSoa(SOARecord soa) {
    return new SOARecord(
        soa.getName(),
        DClass.IN,
        Math.min(soa.getTTL(), soa.getMinimum()),
        soa.getHost(),
        soa.getAdmin(),
        soa.getSerial(),
        soa.getRefresh(),
        soa.getRetry(),
        soa.getExpire(),
        soa.getMinimum());
  }

  /** The RRset under the name asked for: a wildcard's records answer as the query's name. */
  private static RRset rename(RRset set, Name owner) {
    if (set.getName().equals(owner)) {
      return set;
    }
    RRset renamed = new RRset();
    for (Record r : set.rrs(false)) {
      renamed.addRR(r.withName(owner));
    }
    return renamed;
  }
}
