package dev.netlab.dns.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One zone's records, held as dnsjava {@link RRset}s by owner name in DNS canonical order (RFC 4034
 * section 6.1), so that the names below a name follow it: what tells an empty non-terminal from a
 * name that does not exist. Immutable once built.
 */
public final class ZoneData {
  private final Name origin;
  private final SOARecord soa;
  private final NavigableMap<Name, Map<Integer, RRset>> names;
  private final int recordCount;

  private ZoneData(
      Name origin, SOARecord soa, NavigableMap<Name, Map<Integer, RRset>> names, int n) {
    this.origin = origin;
    this.soa = soa;
    this.names = names;
    this.recordCount = n;
  }

  /**
   * A zone from its records.
   *
   * @throws IllegalArgumentException when a record lies outside the zone, or the apex has no SOA or
   *     no NS
   */
  public static ZoneData of(Name origin, List<Record> records) {
    Objects.requireNonNull(origin, "origin");
    NavigableMap<Name, Map<Integer, RRset>> names = new TreeMap<>();
    SOARecord soa = null;
    for (Record r : records) {
      if (!r.getName().subdomain(origin)) {
        throw new IllegalArgumentException(
            "record " + r + " lies outside the zone " + origin + ": fix its name or the origin");
      }
      if (r.getType() == Type.SOA) {
        if (!r.getName().equals(origin)) {
          throw new IllegalArgumentException(
              "SOA record at " + r.getName() + ", expected one at the zone's apex " + origin);
        }
        if (soa != null) {
          throw new IllegalArgumentException("zone " + origin + " has two SOA records");
        }
        soa = (SOARecord) r;
      }
      names
          .computeIfAbsent(r.getName(), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.getType(), k -> new RRset())
          .addRR(r);
    }
    if (soa == null) {
      throw new IllegalArgumentException(
          "zone " + origin + " has no SOA record at its apex: every zone starts with one");
    }
    if (rrset(names, origin, Type.NS) == null) {
      throw new IllegalArgumentException(
          "zone " + origin + " has no NS records at its apex: name its servers");
    }
    names.replaceAll((k, v) -> Collections.unmodifiableMap(v));
    return new ZoneData(origin, soa, Collections.unmodifiableNavigableMap(names), records.size());
  }

  private static RRset rrset(Map<Name, Map<Integer, RRset>> names, Name name, int type) {
    Map<Integer, RRset> sets = names.get(name);
    return sets == null ? null : sets.get(type);
  }

  public Name origin() {
    return origin;
  }

  public SOARecord soa() {
    return soa;
  }

  public long serial() {
    return soa.getSerial();
  }

  public int recordCount() {
    return recordCount;
  }

  /** The RRset of {@code type} at {@code name}, or null. */
  public RRset rrset(Name name, int type) {
    return rrset(names, name, type);
  }

  /** Every RRset at {@code name}, empty when the name owns no records. */
  public Map<Integer, RRset> rrsets(Name name) {
    return names.getOrDefault(name, Map.of());
  }

  /**
   * Whether {@code name} exists in the zone: it owns records, or names below it do (an empty
   * non-terminal, RFC 4592 section 2.2.2).
   */
  public boolean exists(Name name) {
    if (names.containsKey(name)) {
      return true;
    }
    Name next = names.higherKey(name);
    return next != null && next.subdomain(name);
  }

  /**
   * The delegation (NS RRset below the apex) on the way from the apex down to {@code name}, the
   * highest one first, or null when the name is not below a zone cut.
   */
  public RRset delegationAbove(Name name) {
    int labels = origin.labels();
    for (int n = labels + 1; n <= name.labels(); n++) {
      Name cut = new Name(name, name.labels() - n);
      RRset ns = rrset(cut, Type.NS);
      if (ns != null) {
        return ns;
      }
    }
    return null;
  }

  /** The glue for a referral: addresses of the NS targets that lie inside this zone. */
  public List<RRset> glue(RRset ns) {
    List<RRset> glue = new ArrayList<>();
    for (Record r : ns.rrs(false)) {
      Name target = ((NSRecord) r).getTarget();
      if (target.subdomain(origin)) {
        for (int type : new int[] {Type.A, Type.AAAA}) {
          RRset addresses = rrset(target, type);
          if (addresses != null) {
            glue.add(addresses);
          }
        }
      }
    }
    return glue;
  }

  /** Every record, apex first, in canonical order: what {@code --print-zones} shows. */
  public List<Record> records() {
    List<Record> all = new ArrayList<>();
    all.add(soa);
    names.forEach(
        (name, sets) ->
            sets.values()
                .forEach(
                    set ->
                        set.rrs(false)
                            .forEach(
                                r -> {
                                  if (r != soa) {
                                    all.add(r);
                                  }
                                })));
    return all;
  }
}
