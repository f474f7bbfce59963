package dev.netlab.dns.cli;

import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.cli.ServerLifetime;
import dev.netlab.common.cli.ServerOptions;
import dev.netlab.dns.server.DnsMetrics;
import dev.netlab.dns.server.DnsServer;
import dev.netlab.dns.server.HangupSignal;
import dev.netlab.dns.server.QueryLog;
import dev.netlab.dns.server.TransferAcl;
import dev.netlab.dns.server.ZoneData;
import dev.netlab.dns.server.ZoneFiles;
import dev.netlab.dns.server.ZoneReloader;
import dev.netlab.dns.server.Zones;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab dns serve}: the authoritative server. */
@Command(
    name = "serve",
    description =
        "Authoritative DNS server on 10053/udp and 10053/tcp: answers for its zones only (AA set),"
            + " refuses everything else, never recurses.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  lab dns serve                    # the example zones lab.test, example.test",
      "  lab dns serve --zone my.zone --origin my.test   # your own zone file",
      "  lab dns serve --print-zones      # show what would be served, then exit",
      "  lab dns serve --allow-transfer 192.0.2.0/24   # AXFR to that network too",
      "  kill -HUP PID                    # reload every --zone file now"
    })
@DefaultPort(DnsServer.DEFAULT_PORT)
public final class ServeCommand extends LabCommand {
  @Mixin ServerOptions server;

  @Option(
      names = "--zone",
      paramLabel = "FILE",
      description = "A master file to serve (repeatable; default: the example zones in the jar).")
  List<Path> zoneFiles = new ArrayList<>();

  @Option(
      names = "--origin",
      paramLabel = "NAME",
      description =
          "The zone's name for every --zone file without $ORIGIN (default: the file's $ORIGIN; a"
              + " file without one needs --origin).")
  String origin;

  @Option(names = "--print-zones", description = "Print the zones' records and exit.")
  boolean printZones;

  @Option(
      names = "--reload-every",
      paramLabel = "DURATION",
      converter = Converters.PositiveTime.class,
      description =
          "Check the --zone files this often and reload the ones that changed (default: 1s).")
  Duration reloadEvery = Duration.ofSeconds(1);

  @Option(
      names = "--allow-transfer",
      paramLabel = "CIDR",
      description =
          "Clients that may transfer whole zones (AXFR, IXFR), e.g. 192.0.2.0/24 (repeatable;"
              + " replaces the default: this machine only, 127.0.0.0/8 and ::1).")
  List<String> allowTransfer = new ArrayList<>();

  @Option(
      names = "--udp-sockets",
      paramLabel = "N",
      description =
          "UDP sockets on the port, each with its own thread (SO_REUSEPORT, epoll only;"
              + " default: one per core, ${DEFAULT-VALUE}).")
  int udpSockets = DnsServer.DEFAULT_UDP_SOCKETS;

  @Option(names = "--quiet", description = "No line per query (the counters still count).")
  boolean quiet;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      converter = Converters.PositiveTime.class,
      description = "Close a TCP connection silent this long (default: 10s).")
  Duration idleTimeout = DnsServer.DEFAULT_IDLE_TIMEOUT;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description = "Open TCP connections allowed at once (default: ${DEFAULT-VALUE}).")
  int maxConnections = DnsServer.DEFAULT_MAX_CONNECTIONS;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    if (maxConnections < 1) {
      throw LabException.usage(
          "--max-connections " + maxConnections + " allows no connection: use 1 or more");
    }
    if (udpSockets < 1) {
      throw LabException.usage("--udp-sockets " + udpSockets + " opens no socket: use 1 or more");
    }
    TransferAcl transfers;
    try {
      transfers =
          allowTransfer.isEmpty() ? TransferAcl.loopback() : TransferAcl.parse(allowTransfer);
    } catch (IllegalArgumentException e) {
      throw LabException.usage(e.getMessage());
    }
    Zones zones;
    List<ZoneData> loaded = load();
    try {
      zones = new Zones(loaded);
    } catch (IllegalArgumentException e) {
      throw LabException.usage(e.getMessage());
    }
    if (printZones) {
      for (ZoneData z : zones.all()) {
        run.console()
            .say("; zone %s, serial %d, %d records", z.origin(), z.serial(), z.recordCount());
        for (Record r : z.records()) {
          run.console().say("%s", r);
        }
      }
      run.put("zones", zones.all().stream().map(z -> z.origin().toString()).toList());
      return 0;
    }
    DnsMetrics metrics = new DnsMetrics(run.metrics().registry());
    DnsServer dns =
        new DnsServer(
            server.address(DnsServer.DEFAULT_PORT),
            run,
            zones,
            new QueryLog(run.console(), metrics, !quiet),
            idleTimeout,
            maxConnections,
            transfers,
            udpSockets);
    dns.start();
    server.serveMetrics(run);
    for (ZoneData z : zones.all()) {
      run.console().say("zone %s: serial %d, %d records", z.origin(), z.serial(), z.recordCount());
    }
    run.console()
        .say(
            "DNS server listening on %s (UDP and TCP), authoritative only; Ctrl-C stops it",
            dns.where());
    run.console().say("try: lab dns query www.%s @%s", zones.all().get(0).origin(), dns.where());
    run.put("listen", dns.where());
    run.put("zones", zones.all().stream().map(z -> z.origin().toString()).toList());
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(FatalErrors.threadFactory("zone-reload"));
    if (!zoneFiles.isEmpty()) {
      ZoneReloader reloader =
          new ZoneReloader(zoneFiles, originName(), loaded, run.console(), dns::serve);
      poller.scheduleWithFixedDelay(
          () -> reload(reloader::reloadChanged, run),
          reloadEvery.toMillis(),
          reloadEvery.toMillis(),
          TimeUnit.MILLISECONDS);
      // the signal thread only hands the reload to the poller's thread: one reload at a time
      hangup(() -> poller.execute(() -> reload(reloader::reloadAll, run)), run);
      run.console()
          .say(
              "edit a zone file and it is reloaded within %d ms, or at once on kill -HUP %d",
              reloadEvery.toMillis(), ProcessHandle.current().pid());
    } else {
      hangup(
          () ->
              run.console().note("SIGHUP: the example zones come from the jar, nothing to reload"),
          run);
    }
    try {
      ServerLifetime.serve(dns, run, server.time, new CountDownLatch(1));
    } finally {
      poller.shutdownNow();
    }
    return 0;
  }

  /** SIGHUP runs {@code action} (a reload, as in NSD and BIND) instead of ending the server. */
  private static void hangup(Runnable action, LabRun run) {
    if (!HangupSignal.install(action)) {
      run.console().note("no SIGHUP on this system: zone files reload by their time stamps only");
    }
  }

  /** One reload; a failure is a note and the next check tries again. */
  private static void reload(java.util.function.IntSupplier reload, LabRun run) {
    try {
      reload.getAsInt();
    } catch (RuntimeException e) {
      run.console().note("zone reload failed (still serving the old zones): %s", e.getMessage());
    }
  }

  private Name originName() {
    if (origin == null) {
      return null;
    }
    try {
      return Name.fromString(origin, Name.root);
    } catch (TextParseException e) {
      throw LabException.usage("--origin '" + origin + "' is not a domain name: " + e.getMessage());
    }
  }

  private List<ZoneData> load() {
    if (zoneFiles.isEmpty()) {
      if (origin != null) {
        throw LabException.usage("--origin names the zone of a --zone FILE: give the file too");
      }
      return ZoneFiles.examples();
    }
    Name zone = originName();
    List<ZoneData> zones = new ArrayList<>();
    for (Path f : zoneFiles) {
      zones.add(ZoneFiles.load(f, zone));
    }
    return zones;
  }
}
