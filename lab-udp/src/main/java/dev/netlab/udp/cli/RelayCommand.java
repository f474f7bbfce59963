package dev.netlab.udp.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.cli.PeerOptions;
import dev.netlab.common.cli.ServerLifetime;
import dev.netlab.common.cli.ServerOptions;
import dev.netlab.common.impair.Impairment;
import dev.netlab.common.impair.ImpairmentRelay;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.net.UdpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab udp relay}: a user-space impairment relay, no privilege needed. */
@Command(
    name = "relay",
    description =
        "Relays datagrams between clients (who send to this port, 10900 by default) and --to,"
            + " impairing both directions: loss (independent or in bursts), delay and jitter,"
            + " reordering, duplication, corruption, rate limit. Every random choice comes from"
            + " one --seed, so a run can be repeated exactly.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  lab udp relay --to 127.0.0.1:10009 --loss 5 --reorder 2 --seed 42",
      "  lab udp relay --to 127.0.0.1:10200 --loss 10 --burst 4 \\",
      "      --delay 20ms --jitter 5ms"
    })
@DefaultPort(ImpairmentRelay.DEFAULT_PORT)
public final class RelayCommand extends LabCommand {
  @Mixin ServerOptions server;

  @Mixin PeerOptions peers;

  @Option(
      names = "--to",
      paramLabel = "HOST:PORT",
      required = true,
      description = "Where to relay datagrams to.")
  String to;

  @Option(
      names = "--loss",
      paramLabel = "PCT",
      defaultValue = "0",
      description = "Percent of datagrams lost (default: ${DEFAULT-VALUE}).")
  double loss;

  @Option(
      names = "--burst",
      paramLabel = "LEN",
      defaultValue = "1",
      description = "Mean loss-burst length; 1 = independent losses (default: ${DEFAULT-VALUE}).")
  double burst;

  @Option(
      names = "--delay",
      paramLabel = "DURATION",
      defaultValue = "0ms",
      converter = Converters.Time.class,
      description = "One-way delay added (default: ${DEFAULT-VALUE}).")
  Duration delay;

  @Option(
      names = "--jitter",
      paramLabel = "DURATION",
      defaultValue = "0ms",
      converter = Converters.Time.class,
      description = "Delay varies by up to this either way (default: ${DEFAULT-VALUE}).")
  Duration jitter;

  @Option(
      names = "--reorder",
      paramLabel = "PCT",
      defaultValue = "0",
      description =
          "Percent of datagrams held back so later ones overtake them (default:"
              + " ${DEFAULT-VALUE}).")
  double reorder;

  @Option(
      names = "--reorder-distance",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "How many later datagrams overtake a held-back one (default: ${DEFAULT-VALUE}).")
  int reorderDistance;

  @Option(
      names = "--duplicate",
      paramLabel = "PCT",
      defaultValue = "0",
      description = "Percent of datagrams sent twice (default: ${DEFAULT-VALUE}).")
  double duplicate;

  @Option(
      names = "--corrupt",
      paramLabel = "PCT",
      defaultValue = "0",
      description = "Percent of datagrams with one bit flipped (default: ${DEFAULT-VALUE}).")
  double corrupt;

  @Option(
      names = "--rate",
      paramLabel = "BITS",
      converter = Converters.Rate.class,
      description =
          "Link rate in bits per second, decimal: 10M is 10,000,000 (default: unlimited).")
  Long rateBits;

  @Option(
      names = "--queue",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "Datagrams that may wait for the rate-limited link (default: ${DEFAULT-VALUE}).")
  int queue;

  @Option(
      names = "--one-way",
      description = "Impair only client-to-server datagrams; answers pass untouched.")
  boolean oneWay;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of every random choice (default: random, printed).")
  Long seed;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    InetSocketAddress target = parseTarget(to);
    InetSocketAddress listen = server.address(ImpairmentRelay.DEFAULT_PORT);
    if (ImpairmentRelay.loopsBack(listen, target)) {
      throw LabException.usage(
          "--to "
              + to
              + " is the relay's own listening address, so every datagram would go round the"
              + " relay forever: give the server's address");
    }
    Impairment imp;
    try {
      imp =
          Impairment.NONE
              .withLoss(loss, burst)
              .withDelay(delay, jitter)
              .withReorder(reorder, reorderDistance)
              .withDuplicate(duplicate)
              .withCorrupt(corrupt)
              .withRate(rateBits == null ? 0 : rateBits, queue);
    } catch (IllegalArgumentException e) {
      throw LabException.usage(e.getMessage() + " (see lab udp relay --help)");
    }
    long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 48);
    ImpairmentRelay relay =
        new ImpairmentRelay(
            listen,
            target,
            run.transport(),
            imp,
            oneWay ? Impairment.NONE : imp,
            s,
            peers.limits());
    relay.withPipeline(run::addPcap).start();
    server.serveMetrics(run);
    var c = run.console();
    c.say(
        "relaying %s -> %s; impairing: %s%s",
        Sockets.hostPort(relay.localAddress()),
        Sockets.hostPort(target),
        imp.describe(),
        oneWay ? " (client to server only)" : "");
    c.say("seed %d (repeat this run with --seed %d); Ctrl-C stops it", s, s);
    String small = UdpServer.smallBufferNote(relay.receiveBuffer());
    if (small != null) {
      c.note("%s", small);
    }
    ServerLifetime.serve(
        relay,
        run,
        server.time,
        new CountDownLatch(1),
        () -> {
          c.say(relay.forwardStats().summary());
          c.say(relay.reverseStats().summary());
          c.say(
              "flows: %d evicted, %d refused, %d expired (max %d, forgotten after %d s quiet)",
              relay.flows().evicted(),
              relay.flows().refused(),
              relay.flows().expired(),
              relay.flows().capacity(),
              relay.flows().idleTimeout().toSeconds());
          run.put("relay", relay.toJson());
        });
    return 0;
  }

  static InetSocketAddress parseTarget(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw LabException.usage(
          "--to must be HOST:PORT, such as 127.0.0.1:10009; got '" + text + "'");
    }
    String host = text.substring(0, colon).replace("[", "").replace("]", "");
    int port = Converters.port(text.substring(colon + 1));
    if (port == 0) {
      throw LabException.usage("--to needs a real port, 1-65535");
    }
    return new InetSocketAddress(Converters.host(host), port);
  }
}
