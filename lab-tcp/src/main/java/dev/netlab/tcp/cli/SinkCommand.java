package dev.netlab.tcp.cli;

import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.cli.ServerLifetime;
import dev.netlab.common.cli.ServerOptions;
import dev.netlab.common.net.Sockets;
import dev.netlab.tcp.TcpMetrics;
import dev.netlab.tcp.bulk.SinkServer;
import dev.netlab.tcp.bulk.TransferReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab tcp sink}: receives bulk transfers and reports their hash. */
@Command(
    name = "sink",
    description =
        "Bulk-transfer receiver on 10009/tcp: counts and SHA-256-hashes what arrives, prints throughput like iperf3, and after the sender's FIN answers with its byte count and hash.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Example (two terminals):",
      "  lab tcp sink --once         # terminal 1",
      "  lab tcp send --bytes 64M    # terminal 2"
    })
@DefaultPort(SinkServer.DEFAULT_PORT)
public final class SinkCommand extends LabCommand {
  @Mixin ServerOptions server;

  @Option(names = "--once", description = "Exit after one transfer.")
  boolean once;

  @Mixin ThroughputOptions throughput;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    TcpMetrics metrics = new TcpMetrics(run.metrics().registry());
    CountDownLatch stopped = new CountDownLatch(1);
    List<Map<String, Object>> transfers = new ArrayList<>();
    SinkServer sink =
        new SinkServer(
            server.address(SinkServer.DEFAULT_PORT),
            run,
            metrics,
            !throughput.noHash,
            throughput.interval,
            report -> {
              synchronized (transfers) {
                transfers.add(json(report));
              }
              if (once) {
                stopped.countDown();
              }
            });
    sink.start();
    server.serveMetrics(run);
    run.console()
        .say(
            "TCP sink listening on %s%s",
            Sockets.hostPort(sink.localAddress()), throughput.noHash ? " (not hashing)" : "");
    run.put("listen", Sockets.hostPort(sink.localAddress()));
    run.put("transfers", transfers);
    ServerLifetime.serve(sink, run, server.time, stopped);
    return 0;
  }

  private static Map<String, Object> json(TransferReport r) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("bytes", r.bytes());
    m.put("sha256", r.sha256());
    m.put("seconds", r.seconds());
    return m;
  }
}
