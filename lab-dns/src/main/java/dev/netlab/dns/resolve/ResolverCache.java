package dev.netlab.dns.resolve;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.base.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * What the resolver learned, each entry until its TTL runs out: RRsets (answers, CNAMEs, NS of a
 * referral and its glue) and negative answers (RFC 2308: NXDOMAIN for every type of a name, NODATA
 * for one type, for the SOA's negative TTL). Expiry times are absolute, so the cache can be kept in
 * a file from one {@code lab dns resolve} to the next. The clock is injectable for tests. Not
 * thread-safe: one resolver uses it at a time.
 */
public final class ResolverCache {
  private static final Logger log = LoggerFactory.getLogger(ResolverCache.class);

  /** Entries kept at most: a toy hierarchy needs a few dozen; a bound keeps the file small. */
  public static final int MAX_ENTRIES = 10_000;

  /** The longest an answer or referral is kept, whatever its TTL: unbound's cache-max-ttl. */
  public static final long MAX_TTL = 86_400;

  /** The longest a negative answer is kept: unbound's cache-max-negative-ttl. */
  public static final long MAX_NEGATIVE_TTL = 3_600;

  /**
   * The largest cache file read: ample for {@link #MAX_ENTRIES}, and a bound on what a wrong
   * --cache (a huge file, /dev/zero) can make the resolver read.
   */
  public static final int MAX_FILE_BYTES = 8 << 20;

  /** What an entry says. */
  public enum Kind {
    /** records of the name and type */
    RRSET,
    /** the name does not exist, for any type (its records: the zone's SOA) */
    NXDOMAIN,
    /** the name exists but has no records of the type (its records: the zone's SOA) */
    NODATA,
    /** the NS records of a zone cut, as a referral gave them (not an answer: AA was clear) */
    DELEGATION,
    /** an address of a name server, from a referral's additional section (not an answer) */
    GLUE
  }

  /**
   * One cached fact.
   *
   * @param name the owner asked about
   * @param type the type ({@link Type#ANY} for NXDOMAIN, which holds for all)
   * @param kind what the entry says
   * @param records the RRset, or the SOA of a negative answer, with the TTLs they came with
   * @param expiresMillis when it expires, epoch milliseconds
   */
  public record Entry(Name name, int type, Kind kind, List<Record> records, long expiresMillis) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** For each key, the number of the put that stored it: what a walk learned itself. */
  private final Map<String, Long> putNumbers = new java.util.HashMap<>();

  private long puts;
  private final Clock clock;
  private final Path file;
  private final String scope;
  private String emptiedBecause;

  private ResolverCache(Clock clock, Path file, String scope) {
    this.clock = clock;
    this.file = file;
    this.scope = scope;
  }

  /** A cache that lives as long as this object (no file). */
  public static ResolverCache inMemory(Clock clock) {
    return new ResolverCache(clock, null, "");
  }

  /**
   * The cache kept in {@code file}; a missing file starts empty, and so does one written for other
   * root hints ({@code scope}) or one whose entries do not parse ({@link #emptiedBecause()} says
   * why).
   *
   * @throws LabException (usage) when {@code file} exists and is not a netlab resolver cache (a
   *     device, a directory, any other file), or is larger than {@link #MAX_FILE_BYTES}: saving
   *     would replace it
   */
  public static ResolverCache load(Path file, String scope, Clock clock) {
    ResolverCache c = new ResolverCache(clock, file, scope);
    if (SmallFiles.existsAndIsNotRegular(file)) {
      // never "remove it": it may be /dev/null or a directory of the user's
      throw LabException.usage(
          file + " is not a regular file, so not a netlab resolver cache: choose another --cache");
    }
    String text;
    try {
      text = SmallFiles.read(file, MAX_FILE_BYTES, "a netlab resolver cache", fix());
    } catch (NoSuchFileException missing) {
      return c; // a first run: nothing cached yet
    } catch (IOException e) {
      throw LabException.usage("cannot read the cache " + file + " (" + e + "): " + fix());
    }
    if (text.isBlank()) {
      return c;
    }
    Map<String, Object> j;
    try {
      j = JSON.std.mapFrom(text);
    } catch (IOException | RuntimeException e) {
      j = Map.of();
    }
    if (!(j.get("scope") instanceof String) || !(j.get("entries") instanceof List)) {
      throw LabException.usage(file + " is not a netlab resolver cache: " + fix());
    }
    if (!scope.equals(j.get("scope"))) {
      c.emptiedBecause = "it was written for other root hints or another port";
      return c;
    }
    try {
      for (Object o : (List<?>) j.get("entries")) {
        c.put(entry((Map<?, ?>) o));
      }
    } catch (IOException | RuntimeException e) {
      log.debug("cache file {} unreadable, starting empty: {}", file, e.toString());
      c.entries.clear();
      c.putNumbers.clear();
      c.emptiedBecause = "its entries do not parse (" + e.getMessage() + ")";
    }
    return c;
  }

  private static String fix() {
    return "remove it or choose another --cache";
  }

  private static Entry entry(Map<?, ?> e) throws IOException {
    List<Record> records = new ArrayList<>();
    for (Object r : (List<?>) e.get("records")) {
      Map<?, ?> m = (Map<?, ?>) r;
      records.add(
          Record.fromString(
              Name.fromString((String) m.get("name")),
              Type.value((String) m.get("type")),
              DClass.IN,
              ((Number) m.get("ttl")).longValue(),
              (String) m.get("rdata"),
              Name.root));
    }
    return new Entry(
        Name.fromString((String) e.get("name")),
        Type.value((String) e.get("type")),
        Kind.valueOf((String) e.get("kind")),
        records,
        ((Number) e.get("expires_ms")).longValue());
  }

  /**
   * Why the cache file was there but its entries were dropped (written for other hints, entries
   * that do not parse), or null when they were loaded (or there was no file).
   */
  public String emptiedBecause() {
    return emptiedBecause;
  }

  /**
   * Writes the live entries to the file this cache was loaded from (nothing for in-memory), through
   * a temporary file in the same directory moved over it. The directory must exist. When the
   * entries would exceed {@link #MAX_FILE_BYTES}, the oldest are left out.
   */
  public void save() throws IOException {
    if (file == null) {
      return;
    }
    if (SmallFiles.existsAndIsNotRegular(file)) {
      throw new IOException(file + " is not a regular file");
    }
    List<Object> out = new ArrayList<>();
    long now = clock.millis();
    for (Entry e : entries.values()) {
      if (e.expiresMillis() > now) {
        out.add(json(e));
      }
    }
    String text = JSON.std.asString(Map.of("scope", scope, "entries", out));
    while (text.length() > MAX_FILE_BYTES / 2 && !out.isEmpty()) {
      out = new ArrayList<>(out.subList(out.size() / 2, out.size()));
      text = JSON.std.asString(Map.of("scope", scope, "entries", out));
    }
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Map<String, Object> json(Entry e) {
    List<Object> records = new ArrayList<>();
    for (Record r : e.records()) {
      records.add(
          Map.of(
              "name", r.getName().toString(),
              "type", Type.string(r.getType()),
              "ttl", r.getTTL(),
              "rdata", r.rdataToString()));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", e.name().toString());
    m.put("type", Type.string(e.type()));
    m.put("kind", e.kind().name());
    m.put("expires_ms", e.expiresMillis());
    m.put("records", records);
    return m;
  }

  private Entry get(Name name, int type, String kind) {
    String k = key(name, type, kind);
    Entry e = entries.get(k);
    if (e != null && e.expiresMillis() <= clock.millis()) {
      entries.remove(k);
      putNumbers.remove(k);
      return null;
    }
    return e;
  }

  /**
   * The live answer for {@code name}/{@code type}: an RRset, NODATA, or NXDOMAIN (which holds for
   * every type of the name); null when none is cached.
   */
  public Entry answer(Name name, int type) {
    Entry e = get(name, type, Kind.RRSET.name());
    return e != null ? e : get(name, Type.ANY, Kind.NXDOMAIN.name());
  }

  /** The live NS records of the zone cut at {@code zone}, as a referral gave them, or null. */
  public Entry delegation(Name zone) {
    return get(zone, Type.NS, Kind.DELEGATION.name());
  }

  /** A live address record of a name server: an answer, or else glue; null when none. */
  public Entry address(Name server) {
    Entry e = get(server, Type.A, Kind.RRSET.name());
    if (e == null || e.kind() != Kind.RRSET) {
      e = get(server, Type.A, Kind.GLUE.name());
    }
    return e;
  }

  /**
   * Remembers an RRset (all records of one name and type) for its smallest TTL, as {@link
   * Kind#RRSET}, {@link Kind#DELEGATION} or {@link Kind#GLUE}.
   */
  public void putRRset(List<Record> rrset, Kind kind) {
    Record first = rrset.get(0);
    long ttl = Math.min(MAX_TTL, rrset.stream().mapToLong(Record::getTTL).min().orElse(0));
    put(new Entry(first.getName(), first.getType(), kind, List.copyOf(rrset), expiry(ttl)));
  }

  /** Remembers an answer section: each of its RRsets (a CNAME chain has several) on its own. */
  public void putAnswer(List<Record> answer) {
    Map<String, List<Record>> sets = new LinkedHashMap<>();
    for (Record r : answer) {
      sets.computeIfAbsent(key(r.getName(), r.getType(), ""), k -> new ArrayList<>()).add(r);
    }
    sets.values().forEach(set -> putRRset(set, Kind.RRSET));
  }

  /**
   * Remembers a negative answer for the negative TTL of RFC 2308 section 5: the smaller of the
   * SOA's TTL and its minimum field.
   */
  public void putNegative(Name name, int type, Kind kind, SOARecord soa) {
    long ttl = Math.min(MAX_NEGATIVE_TTL, Math.min(soa.getTTL(), soa.getMinimum()));
    put(new Entry(name, kind == Kind.NXDOMAIN ? Type.ANY : type, kind, List.of(soa), expiry(ttl)));
  }

  private void put(Entry e) {
    if (e.expiresMillis() <= clock.millis()) {
      return;
    }
    String k = key(e.name(), e.type(), e.kind().name());
    entries.remove(k);
    if (entries.size() >= MAX_ENTRIES) {
      // the oldest insertion goes first
      String oldest = entries.keySet().iterator().next();
      entries.remove(oldest);
      putNumbers.remove(oldest);
    }
    entries.put(k, e);
    putNumbers.put(k, ++puts);
  }

  /** A mark to tell later what was learned after it ({@link #learnedAfter}). */
  public long mark() {
    return puts;
  }

  /** Whether {@code e} was stored after {@code mark}: learned in this run, not found cached. */
  public boolean learnedAfter(Entry e, long mark) {
    return putNumbers.getOrDefault(key(e.name(), e.type(), e.kind().name()), 0L) > mark;
  }

  /** Seconds until {@code e} expires, rounded down: the TTL a resolver hands out. */
  public long secondsLeft(Entry e) {
    return Math.max(0, (e.expiresMillis() - clock.millis()) / 1000);
  }

  /** The entry's records with the TTL they have left. */
  public List<Record> recordsLeft(Entry e) {
    long left = secondsLeft(e);
    return e.records().stream().map(r -> withTtl(r, left)).toList();
  }

  private static Record withTtl(Record r, long ttl) {
    return Record.newRecord(
        r.getName(),
        r.getType(),
        r.getDClass(),
        Math.min(ttl, r.getTTL()),
        r.rdataToWireCanonical());
  }

  public int size() {
    return entries.size();
  }

  public Clock clock() {
    return clock;
  }

  private long expiry(long ttlSeconds) {
    return clock.millis() + ttlSeconds * 1000;
  }

  /** Answers and negative answers share a key; delegations and glue have their own. */
  private static String key(Name name, int type, String kind) {
    String k = name.toString().toLowerCase(Locale.ROOT) + "/" + type;
    return kind.equals("DELEGATION") || kind.equals("GLUE") ? k + "/" + kind : k;
  }
}
