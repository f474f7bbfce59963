package dev.netlab.tcp.bulk;

import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.metrics.IntervalReporter;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.payload.Payload;
import dev.netlab.tcp.TcpConnector;
import dev.netlab.tcp.TcpInfo;
import dev.netlab.tcp.TcpMetrics;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sends a payload to a sink and checks that the sink received exactly that. */
public final class SendClient {
  /** Seed of the generated payload: the same {@code --bytes N} always sends the same bytes. */
  public static final long PAYLOAD_SEED = Payload.SEED;

  private final LabRun run;
  private final TcpMetrics metrics;
  private final boolean hash;
  private final Duration interval;
  private final Duration connectTimeout;
  private final Duration maxTime;

  /**
   * @param hash hash what is sent (the sink decides for itself whether it hashes)
   * @param interval throughput print interval; zero for the total only
   * @param maxTime the transfer is abandoned after this long
   */
  public SendClient(
      LabRun run,
      TcpMetrics metrics,
      boolean hash,
      Duration interval,
      Duration connectTimeout,
      Duration maxTime) {
    this.run = run;
    this.metrics = metrics;
    this.hash = hash;
    this.interval = interval;
    this.connectTimeout = connectTimeout;
    this.maxTime = maxTime;
  }

  public SendResult sendBytes(InetSocketAddress sink, long bytes) throws InterruptedException {
    return send(sink, Payload.generated(bytes, PAYLOAD_SEED));
  }

  public SendResult sendFile(InetSocketAddress sink, Path file) throws InterruptedException {
    Payload payload;
    try {
      payload = Payload.file(file);
    } catch (IOException e) {
      throw LabException.usage("cannot read " + file + " (" + e.getMessage() + "): check the path");
    }
    return send(sink, payload);
  }

  private SendResult send(InetSocketAddress sink, Payload payload) throws InterruptedException {
    EventLoopGroup group = run.transport().newGroup(1);
    SendClientHandler handler = new SendClientHandler(payload, hash);
    try (payload) {
      Channel ch =
          TcpConnector.connect(
              group,
              run.transport(),
              new SendClientInitializer(run, metrics, handler),
              sink,
              connectTimeout,
              metrics);
      run.console()
          .say(
              "[  1] local %s connected to %s, sending %s",
              Sockets.hostPort((InetSocketAddress) ch.localAddress()),
              Sockets.hostPort(sink),
              payload.length() == Payload.UNKNOWN
                  ? payload.name() + " until its end (its size is not known in advance)"
                  : payload.length() + " bytes");
      IntervalReporter reporter =
          new IntervalReporter(run.console(), "1", interval, handler::sent).start(ch.eventLoop());
      TransferReport report;
      try {
        report = handler.report().get(maxTime.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        ch.close();
        throw LabException.runtime(
            "the transfer did not finish within "
                + maxTime.toSeconds()
                + " s ("
                + handler.sent()
                + " bytes sent): raise --max-time or send fewer bytes");
      } catch (ExecutionException e) {
        ch.close();
        throw LabException.runtime(
            "the transfer failed: "
                + Sockets.connectionError("the sink", e.getCause())
                + " after "
                + handler.sent()
                + (payload.length() == Payload.UNKNOWN ? "" : " of " + payload.length())
                + " bytes");
      }
      Optional<TcpInfo> info = TcpInfo.of(ch);
      double seconds = reporter.finish("sender");
      ch.close().sync();
      return new SendResult(handler.sent(), seconds, handler.sha256(), report, info);
    } catch (IOException e) {
      throw LabException.runtime("cannot read the payload: " + e.getMessage());
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
