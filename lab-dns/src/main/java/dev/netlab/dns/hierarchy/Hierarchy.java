package dev.netlab.dns.hierarchy;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.LabRun;
import dev.netlab.dns.resolve.RootHints;
import dev.netlab.dns.server.DnsMetrics;
import dev.netlab.dns.server.DnsServer;
import dev.netlab.dns.server.QueryLog;
import dev.netlab.dns.server.ZoneData;
import dev.netlab.dns.server.ZoneFiles;
import dev.netlab.dns.server.ZoneReloader;
import dev.netlab.dns.server.Zones;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * The toy DNS hierarchy (DNS-3): a root, the TLDs {@code test.} and {@code example.}, and a few
 * authoritative zones, each server a {@link DnsServer} of its own on its own loopback address
 * (127.53.x.y: on Linux all of 127/8 is loopback), all on one port. The zone files are copied to a
 * directory, and {@link #reloadChanged()} serves a file again once it was edited (DNS-1).
 *
 * <pre>{@code
 * try (Hierarchy h = Hierarchy.start(dir, 0, LabRun.quiet(Transport.best()))) {
 *   Resolution r = new IterativeResolver(h.rootHints(), ResolverCache.inMemory(Clock.systemUTC()))
 *       .resolve(name, Type.A);
 * }
 * }</pre>
 */
public final class Hierarchy implements AutoCloseable {
  /** The port every server listens on: 10000 + 53, as {@code lab dns serve}. */
  public static final int DEFAULT_PORT = DnsServer.DEFAULT_PORT;

  /** Where the zone files lie in the jar. */
  private static final String RESOURCES = "/dev/netlab/dns/hierarchy/";

  /**
   * One server of the hierarchy.
   *
   * @param name the server's host name, as the NS records name it
   * @param address its loopback address
   * @param zoneFiles the files of the zones it serves, as named in the jar and in the directory
   */
  public record Spec(String name, String address, List<String> zoneFiles) {}

  /** Every server, the root last (so that once the root answers, every server does). */
  public static final List<Spec> SERVERS =
      List.of(
          new Spec("ns1.nic.test.", "127.53.1.1", List.of("test.zone")),
          new Spec("ns1.nic.example.", "127.53.2.1", List.of("example.zone")),
          new Spec("ns1.shop.test.", "127.53.10.1", List.of("shop.test.zone")),
          new Spec(
              "ns.hosting.example.",
              "127.53.20.1",
              List.of("hosting.example.zone", "blog.test.zone")),
          new Spec("a.root-servers.test.", "127.53.0.1", List.of("root.zone")));

  /**
   * A running server of the hierarchy.
   *
   * @param name its host name
   * @param address where it listens
   * @param zones the zones it serves
   */
  public record Running(String name, InetSocketAddress address, List<String> zones) {}

  private final Path dir;
  private final List<DnsServer> servers = new ArrayList<>();
  private final List<ZoneReloader> reloaders = new ArrayList<>();
  private final List<Running> running = new ArrayList<>();
  private final Map<InetAddress, InetSocketAddress> translation = new HashMap<>();

  /** Where every server listens with {@code --one-address}. */
  static final InetAddress ONE_ADDRESS = address("127.0.0.1");

  /**
   * Whether the servers share 127.0.0.1 unless told otherwise: outside Linux, where loopback has
   * one address until more are added by hand.
   */
  public static final boolean ONE_ADDRESS_BY_DEFAULT =
      !System.getProperty("os.name", "").startsWith("Linux");

  private Hierarchy(Path dir) {
    this.dir = dir;
  }

  /**
   * Copies the zone files to {@code dir} (keeping files already there, so a student's edits survive
   * a restart) and starts every server on {@code port}.
   *
   * @param port the port for all servers; 0 picks one free port and uses it for every server
   * @param queryLog whether each server prints a line per query
   * @throws LabException when an address or the port cannot be bound
   */
  public static Hierarchy start(Path dir, int port, LabRun run, boolean queryLog)
      throws InterruptedException {
    return start(dir, port, run, queryLog, false);
  }

  /**
   * As {@link #start(Path, int, LabRun, boolean)}; with {@code oneAddress} every server listens on
   * 127.0.0.1 instead of its 127.53.x.y address, server i of {@link #SERVERS} on {@code port + i}
   * (each on a free port of its own when {@code port} is 0), for systems whose loopback has one
   * address; {@link #rootHints()} then carries the translation a resolver needs.
   */
  public static Hierarchy start(
      Path dir, int port, LabRun run, boolean queryLog, boolean oneAddress)
      throws InterruptedException {
    Hierarchy h = new Hierarchy(dir);
    try {
      h.copyZones();
      DnsMetrics metrics = new DnsMetrics(run.metrics().registry());
      QueryLog log = new QueryLog(run.console(), metrics, queryLog);
      int p = port;
      for (int i = 0; i < SERVERS.size(); i++) {
        Spec s = SERVERS.get(i);
        InetSocketAddress bind =
            oneAddress
                ? new InetSocketAddress(ONE_ADDRESS, port == 0 ? 0 : port + i)
                : new InetSocketAddress(address(s.address()), p);
        InetSocketAddress bound = h.startOne(s, bind, run, log).localAddress();
        p = bound.getPort();
        if (oneAddress) {
          h.translation.put(address(s.address()), bound);
        }
      }
      return h;
    } catch (RuntimeException | InterruptedException e) {
      h.close();
      throw e;
    }
  }

  /** {@link #start(Path, int, LabRun, boolean)} without query lines: for the tour and tests. */
  public static Hierarchy start(Path dir, int port, LabRun run) throws InterruptedException {
    return start(dir, port, run, false);
  }

  private DnsServer startOne(Spec s, InetSocketAddress bind, LabRun run, QueryLog log)
      throws InterruptedException {
    List<Path> files = s.zoneFiles().stream().map(dir::resolve).toList();
    List<ZoneData> zones = new ArrayList<>();
    for (Path f : files) {
      zones.add(ZoneFiles.load(f, null));
    }
    DnsServer server =
        new DnsServer(
            bind,
            run,
            new Zones(zones),
            log.forServer(s.address()),
            DnsServer.DEFAULT_IDLE_TIMEOUT,
            DnsServer.DEFAULT_MAX_CONNECTIONS);
    servers.add(server);
    server.start();
    reloaders.add(new ZoneReloader(files, null, zones, run.console(), server::serve));
    running.add(
        new Running(
            s.name(),
            server.localAddress(),
            zones.stream().map(z -> z.origin().toString()).toList()));
    return server;
  }

  private void copyZones() {
    try {
      Files.createDirectories(dir);
      for (Spec s : SERVERS) {
        for (String f : s.zoneFiles()) {
          Path target = dir.resolve(f);
          if (Files.exists(target)) {
            continue;
          }
          try (InputStream in = Hierarchy.class.getResourceAsStream(RESOURCES + f)) {
            if (in == null) {
              throw new IllegalStateException("the jar lacks " + RESOURCES + f);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      throw LabException.usage(
          "cannot write the zone files to "
              + dir
              + " ("
              + e.getMessage()
              + "): give --dir a directory you can write (or a new one)");
    }
  }

  static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + text, e);
    }
  }

  /** Reloads the zone files edited since the last check; returns how many zones changed. */
  public int reloadChanged() {
    int changed = 0;
    for (ZoneReloader r : reloaders) {
      changed += r.reloadChanged();
    }
    return changed;
  }

  /** The root server's name and address: what a resolver starts from (like named.root). */
  public RootHints rootHints() {
    return defaultHints(port()).translated(translation);
  }

  /**
   * The translation of {@code --one-address} for a hierarchy started on {@code port}: server i of
   * {@link #SERVERS} at 127.0.0.1:{@code port + i}.
   */
  public static Map<InetAddress, InetSocketAddress> oneAddressTranslation(int port) {
    Map<InetAddress, InetSocketAddress> t = new HashMap<>();
    for (int i = 0; i < SERVERS.size(); i++) {
      t.put(address(SERVERS.get(i).address()), new InetSocketAddress(ONE_ADDRESS, port + i));
    }
    return t;
  }

  /**
   * The hints of the hierarchy as {@code lab dns hierarchy} starts it: its root server's address,
   * asked on {@code port}.
   */
  public static RootHints defaultHints(int port) {
    Spec root = SERVERS.get(SERVERS.size() - 1);
    try {
      return new RootHints(
          List.of(new RootHints.Hint(Name.fromString(root.name()), address(root.address()))), port);
    } catch (org.xbill.DNS.TextParseException e) {
      throw new IllegalStateException("bad root server name " + root.name(), e);
    }
  }

  /** The port every server listens on (the first server's with {@code --one-address}). */
  public int port() {
    return running.get(0).address().getPort();
  }

  /** Where the zone files are: edit one and {@link #reloadChanged()} serves it. */
  public Path dir() {
    return dir;
  }

  /** The running servers, the root last. */
  public List<Running> servers() {
    return List.copyOf(running);
  }

  /**
   * Deletes a zone directory made for one run (never a {@code --dir} the user gave); what cannot be
   * deleted is a note, not an error.
   */
  public static void deleteDir(Path root, Console console) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      console.note("cannot delete the temporary directory %s: %s", root, e.getMessage());
    }
  }

  /** Stops every server; a second call does nothing. */
  @Override
  public synchronized void close() {
    for (DnsServer s : servers) {
      s.close();
    }
    servers.clear();
  }
}
