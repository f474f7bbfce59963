package dev.netlab.dns.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.dns.hierarchy.Hierarchy;
import dev.netlab.dns.resolve.IterativeResolver;
import dev.netlab.dns.resolve.Resolution;
import dev.netlab.dns.resolve.ResolverCache;
import dev.netlab.dns.resolve.RootHints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lab dns resolve}: an iterative resolver walking down from the root hints. */
@Command(
    name = "resolve",
    description =
        "Resolve a name iteratively, as a recursive resolver does: from the root hints down the"
            + " referrals to an authoritative answer, printing each step like dig +trace; caches"
            + " what it learns for its TTL in a file, so the next run starts from there.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Exit codes: 0 an answer (NXDOMAIN and NODATA too), 1 no answer (a loop, a lame",
      "delegation, missing glue, no response), 2 bad usage.",
      "",
      "Examples (with 'lab dns hierarchy' running):",
      "  lab dns resolve www.shop.test        # root, test., shop.test: the answer",
      "  lab dns resolve www.shop.test        # again: from the cache",
      "  lab dns resolve www.blog.test        # a referral without glue",
      "  lab dns resolve www.loop.test        # a referral loop: exit 1"
    })
@DefaultPort(Hierarchy.DEFAULT_PORT)
public final class ResolveCommand extends LabCommand {
  /** The cache file's name under the user's cache directory. */
  static final String CACHE_FILE = "netlab/dns-resolve-cache.json";

  @Parameters(
      arity = "1..2",
      paramLabel = "NAME [TYPE]",
      description = "The name to resolve and the type (default: A).")
  java.util.List<String> args;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      converter = Converters.Port.class,
      description = "The port every server is asked on (default: ${DEFAULT-VALUE}).")
  Integer port;

  @Option(
      names = "--hints",
      paramLabel = "FILE",
      description =
          "Root hints in named.root format (default: the root of 'lab dns hierarchy',"
              + " 127.53.0.1).")
  Path hints;

  @Option(
      names = "--cache",
      paramLabel = "FILE",
      description =
          "Where the cache is kept between runs (default: $XDG_CACHE_HOME or ~/.cache, then "
              + CACHE_FILE
              + ").")
  Path cacheFile;

  @Option(names = "--no-cache", description = "Neither read nor write the cache file.")
  boolean noCache;

  @Option(
      names = "--one-address",
      description =
          "Ask the servers of 'lab dns hierarchy --one-address': 127.53.x.y's server i at"
              + " 127.0.0.1:PORT + i (default: on outside Linux).")
  boolean oneAddress = Hierarchy.ONE_ADDRESS_BY_DEFAULT;

  @Option(
      names = "--time-limit",
      paramLabel = "DURATION",
      converter = Converters.PositiveTime.class,
      description = "Give up when there is no answer after this long (default: 10s).")
  Duration timeLimit = IterativeResolver.Limits.DEFAULT.total();

  @Option(
      names = "--max-steps",
      paramLabel = "N",
      description = "Give up after this many steps (default: ${DEFAULT-VALUE}).")
  int maxSteps = IterativeResolver.Limits.DEFAULT.maxSteps();

  @Override
  protected int run(LabRun run) {
    if (args.size() > 2) {
      throw LabException.usage("unexpected '" + args.get(2) + "': give NAME [TYPE]");
    }
    Name name = QueryCommand.name(args.get(0));
    int type = args.size() < 2 ? Type.A : QueryCommand.type(args.get(1));
    refuseMetaType(name, type);
    if (maxSteps < 1) {
      throw LabException.usage("--max-steps " + maxSteps + " allows no step: use 1 or more");
    }
    int p = port == null ? Hierarchy.DEFAULT_PORT : port;
    if (p == 0) {
      throw LabException.usage(
          "--port 0 is no port to ask on: give the port 'lab dns hierarchy' runs on (default "
              + Hierarchy.DEFAULT_PORT
              + ")");
    }
    RootHints roots = hints == null ? Hierarchy.defaultHints(p) : RootHints.read(hints, p);
    if (oneAddress) {
      roots = roots.translated(Hierarchy.oneAddressTranslation(p));
    }
    Path file = cacheFile != null ? checkedCacheFile(cacheFile) : defaultCacheFile();
    ResolverCache cache =
        noCache
            ? ResolverCache.inMemory(Clock.systemUTC())
            : ResolverCache.load(file, scope(roots), Clock.systemUTC());
    if (cache.emptiedBecause() != null) {
      run.console()
          .note(
              "the cache %s starts empty: %s (it will be replaced)", file, cache.emptiedBecause());
    }
    IterativeResolver.Limits d = IterativeResolver.Limits.DEFAULT;
    IterativeResolver resolver =
        new IterativeResolver(
            roots,
            cache,
            new IterativeResolver.Limits(
                maxSteps, d.maxDepth(), d.maxCnames(), timeLimit, d.perQuery()));
    run.console()
        .say(";; resolving %s %s from the root hints (port %d)", name, Type.string(type), p);
    run.console().say("");
    Resolution r = resolver.resolve(name, type);
    r.lines().forEach(l -> run.console().say("%s", l));
    for (Map.Entry<String, Object> e : r.json().entrySet()) {
      run.put(e.getKey(), e.getValue());
    }
    run.put("cache_file", noCache ? null : file.toString());
    if (!noCache) {
      try {
        if (cacheFile == null) {
          Files.createDirectories(file.toAbsolutePath().getParent());
        }
        cache.save();
      } catch (IOException e) {
        run.console()
            .note("cannot write the cache %s (%s): next run starts empty", file, e.getMessage());
      }
    }
    if (!r.answered()) {
      throw LabException.runtime(r.failure());
    }
    return 0;
  }

  /**
   * Types a resolver does not look up: transfers and mailbox meta-queries go to one server, OPT is
   * no question at all (unbound answers them FORMERR or NOTIMP). ANY is resolved: the answer is
   * whatever RRsets the authoritative server gives (one, per RFC 8482).
   */
  private static void refuseMetaType(Name name, int type) {
    String t = Type.string(type);
    switch (type) {
      case Type.AXFR, Type.IXFR ->
          throw LabException.usage(
              "resolve does not do zone transfers: use lab dns query "
                  + name
                  + " "
                  + t
                  + " @SERVER");
      case Type.OPT ->
          throw LabException.usage(
              "OPT is EDNS's pseudo-record, not a type to look up: ask for A, AAAA, MX, TXT, ...");
      case Type.MAILA, Type.MAILB ->
          throw LabException.usage(
              t + " is an obsolete meta-query resolvers do not answer: ask for MX (or A) instead");
      default -> {}
    }
  }

  /** What the cache was filled from: a cache for other hints or another port starts empty. */
  private static String scope(RootHints roots) {
    return String.join("\n", roots.lines()) + "\nport " + roots.port();
  }

  /** A --cache the user gave: a file name in a directory that exists (none is created). */
  private static Path checkedCacheFile(Path file) {
    if (file.toString().isEmpty()) {
      throw LabException.usage("--cache '' names no file: give a file name, or --no-cache");
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw LabException.usage(
          "--cache "
              + file
              + ": no directory "
              + dir
              + " (only the default cache directory is created): create it or choose another"
              + " --cache");
    }
    return file;
  }

  static Path defaultCacheFile() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve(CACHE_FILE);
  }
}
