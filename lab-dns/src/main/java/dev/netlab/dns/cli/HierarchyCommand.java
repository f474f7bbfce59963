package dev.netlab.dns.cli;

import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.cli.ServerLifetime;
import dev.netlab.common.net.LabServer;
import dev.netlab.common.net.Sockets;
import dev.netlab.dns.hierarchy.Hierarchy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab dns hierarchy}: a toy root, two TLDs and a few zones, each its own server. */
@Command(
    name = "hierarchy",
    description =
        "A toy DNS hierarchy on loopback: a root, the TLDs test. and example., and a few zones,"
            + " each served by its own authoritative server on its own 127.53.x.y address, all on"
            + " one port; prints the root hints 'lab dns resolve' starts from.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  lab dns hierarchy                   # terminal 1: the servers, until Ctrl-C",
      "  lab dns resolve www.shop.test       # terminal 2: root, test., shop.test",
      "  lab dns hierarchy --dir zones       # zone files in ./zones: edit, save, see"
    })
@DefaultPort(Hierarchy.DEFAULT_PORT)
public final class HierarchyCommand extends LabCommand {
  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      converter = Converters.Port.class,
      description =
          "Port every server listens on, 0 for any free port (default: ${DEFAULT-VALUE}).")
  Integer port;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Where the zone files are written (files already there are kept) and watched for edits"
              + " (default: a new temporary directory).")
  Path dir;

  @Option(
      names = "--reload-every",
      paramLabel = "DURATION",
      converter = Converters.PositiveTime.class,
      description = "Check the zone files this often and reload the ones edited (default: 1s).")
  Duration reloadEvery = Duration.ofSeconds(1);

  @Option(
      names = "--time",
      paramLabel = "DURATION",
      converter = Converters.PositiveTime.class,
      description = "Stop after this long (default: run until Ctrl-C).")
  Duration time;

  @Option(names = "--quiet", description = "No line per query (the counters still count).")
  boolean quiet;

  @Option(
      names = "--one-address",
      description =
          "Every server on 127.0.0.1, server i on PORT + i, for a loopback with one address"
              + " (default: on outside Linux); lab dns resolve --one-address asks them there.")
  boolean oneAddress = Hierarchy.ONE_ADDRESS_BY_DEFAULT;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    Path zones = dir != null ? dir : tempDir();
    try {
      return serve(run, zones);
    } finally {
      if (dir == null) {
        Hierarchy.deleteDir(zones, run.console());
      }
    }
  }

  private int serve(LabRun run, Path zones) throws InterruptedException {
    Hierarchy h;
    try {
      h =
          Hierarchy.start(
              zones, port == null ? Hierarchy.DEFAULT_PORT : port, run, !quiet, oneAddress);
    } catch (LabException e) {
      if (oneAddress) {
        throw e;
      }
      // only Linux answers on all of 127/8; elsewhere each 127.53.x.y must be added to loopback
      throw new LabException(
          e.exitCode(),
          e.getMessage()
              + " (where loopback has one address, add --one-address, or add the hierarchy's"
              + " addresses to loopback, e.g. on macOS 'sudo ifconfig lo0 alias 127.53.0.1 up')");
    }
    if (oneAddress) {
      run.console()
          .say(
              "--one-address: every server listens on 127.0.0.1, each on its own port; the zones"
                  + " still name 127.53.x.y, and lab dns resolve --one-address translates");
    }
    List<Object> table = new ArrayList<>();
    run.console().say("[DNS-3] a toy hierarchy, each server authoritative for its zones only:");
    run.console().say("  %-22s %-18s %s", "SERVER", "ADDRESS", "ZONES");
    for (Hierarchy.Running s : h.servers()) {
      run.console()
          .say(
              "  %-22s %-18s %s",
              s.name(), Sockets.hostPort(s.address()), String.join(" ", s.zones()));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", s.name());
      row.put("address", Sockets.hostPort(s.address()));
      row.put("zones", s.zones());
      table.add(row);
    }
    run.console().say("");
    run.console().say("root hints (named.root format; a resolver starts here):");
    h.rootHints().lines().forEach(l -> run.console().say("%s", l));
    run.console().say("");
    run.console()
        .say(
            "zone files in %s%s: edit one and it is reloaded within %d ms",
            zones,
            dir == null ? " (deleted at exit; --dir keeps them)" : "",
            reloadEvery.toMillis());
    String p =
        (h.port() == Hierarchy.DEFAULT_PORT ? "" : " --port " + h.port())
            + (oneAddress && !Hierarchy.ONE_ADDRESS_BY_DEFAULT ? " --one-address" : "");
    run.console()
        .say("try: lab dns resolve www.shop.test%s   (also cdn.shop.test, www.blog.test,", p);
    run.console()
        .say(
            "     nope.shop.test, api.shop.test; failing: www.lame.test, www.loop.test, www.broken.test)");
    run.put("dir", zones.toString());
    run.put("port", h.port());
    run.put("one_address", oneAddress);
    run.put("servers", table);
    run.put("root_hints", h.rootHints().lines());
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(FatalErrors.threadFactory("zone-reload"));
    poller.scheduleWithFixedDelay(
        () -> reload(h, run),
        reloadEvery.toMillis(),
        reloadEvery.toMillis(),
        TimeUnit.MILLISECONDS);
    LabServer lifetime =
        new LabServer() {
          @Override
          public LabServer start() {
            return this;
          }

          @Override
          public InetSocketAddress localAddress() {
            return h.servers().get(h.servers().size() - 1).address();
          }

          @Override
          public void close() {
            poller.shutdownNow();
            h.close();
          }
        };
    try {
      ServerLifetime.serve(lifetime, run, time, new CountDownLatch(1));
    } finally {
      lifetime.close();
    }
    return 0;
  }

  /** One check of the zone files; a failure is a note and the next check tries again. */
  private static void reload(Hierarchy h, LabRun run) {
    try {
      h.reloadChanged();
    } catch (RuntimeException e) {
      run.console().note("zone reload failed (still serving the old zones): %s", e.getMessage());
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("netlab-dns-hierarchy-");
    } catch (IOException e) {
      throw LabException.runtime(
          "cannot create a temporary directory (" + e.getMessage() + "): give --dir DIR");
    }
  }
}
