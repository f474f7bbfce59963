package dev.netlab.dns.resolve;

import dev.netlab.dns.query.QueryOptions;
import java.time.Duration;
import java.util.Objects;
import org.xbill.DNS.Name;

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
    public Limits {
      if (maxSteps < 1 || maxDepth < 0 || maxCnames < 0) {
        throw new IllegalArgumentException(
            "limits must allow a step: got " + maxSteps + " steps, depth " + maxDepth);
      }
      Objects.requireNonNull(total, "total");
      Objects.requireNonNull(perQuery, "perQuery");
    }

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
    return new ResolverWalk(hints, cache, limits).resolve(name, type);
  }
}
