package dev.netlab.tcp.connect;

import dev.netlab.common.capture.CaptureInterface;
import dev.netlab.common.capture.CaptureTools;
import dev.netlab.common.capture.CaptureUnavailableException;
import dev.netlab.common.capture.KernelCapture;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.TcpSegment;
import dev.netlab.common.cli.LabRun;
import dev.netlab.tcp.ConnectTimer;
import dev.netlab.tcp.TcpConnector;
import dev.netlab.tcp.TcpMetrics;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tries one connection and reports how it ended: established, refused (the peer's kernel sent RST)
 * or timed out (no answer, the client's kernel retransmitted its SYN). With capture allowed, the
 * SYNs and the RST are shown from the kernel's packets (TCP-1).
 */
public final class ConnectProbe {
  /** How long to wait for a refusal's RST to reach the capture. */
  static final Duration RST_WAIT = Duration.ofSeconds(1);

  private final LabRun run;
  private final TcpMetrics metrics;

  public ConnectProbe(LabRun run, TcpMetrics metrics) {
    this.run = run;
    this.metrics = metrics;
  }

  /**
   * @param capture whether to try a kernel capture of the attempt
   */
  public ConnectResult probe(InetSocketAddress target, Duration timeout, boolean capture)
      throws InterruptedException {
    return probe(target, timeout, capture, null);
  }

  /**
   * @param capture whether to try a kernel capture of the attempt
   * @param copyTo where to also save that capture, or null
   */
  public ConnectResult probe(
      InetSocketAddress target, Duration timeout, boolean capture, Path copyTo)
      throws InterruptedException {
    KernelCapture kc = null;
    String captureProblem = null;
    if (capture) {
      try {
        kc =
            KernelCapture.start(
                CaptureTools.installed(),
                CaptureInterface.interfaceFor(target.getAddress()),
                "tcp port "
                    + target.getPort()
                    + " and host "
                    + target.getAddress().getHostAddress(),
                copyTo);
      } catch (CaptureUnavailableException e) {
        captureProblem = e.getMessage();
      }
    }
    EventLoopGroup group = run.transport().newGroup(1);
    ConnectResult.Outcome outcome;
    String message;
    InetSocketAddress local = null;
    double millis;
    try {
      ChannelFuture f =
          TcpConnector.attempt(
              group, run.transport(), new ChannelInboundHandlerAdapter(), target, timeout, metrics);
      millis = ConnectTimer.millis(f.channel());
      if (f.isSuccess()) {
        local = (InetSocketAddress) f.channel().localAddress();
        outcome = ConnectResult.Outcome.ESTABLISHED;
        message = "established";
        f.channel().close().sync();
      } else {
        Throwable cause = f.cause();
        if (cause instanceof ConnectTimeoutException) {
          outcome = ConnectResult.Outcome.TIMED_OUT;
        } else if (cause instanceof ConnectException
            && String.valueOf(cause.getMessage()).contains("refused")) {
          outcome = ConnectResult.Outcome.REFUSED;
        } else {
          outcome = ConnectResult.Outcome.FAILED;
        }
        message = TcpConnector.connectError(target, timeout, cause).getMessage();
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
    List<Packet> packets = List.of();
    List<Integer> frames = List.of();
    if (kc != null) {
      try {
        packets =
            outcome == ConnectResult.Outcome.REFUSED
                ? kc.await(ConnectProbe::rstSeen, RST_WAIT)
                : kc.await(p -> false, Duration.ofMillis(200));
      } finally {
        kc.close();
      }
      frames = packets.stream().map(kc::frameOf).toList();
    }
    return new ConnectResult(
        target,
        local,
        outcome,
        millis,
        message,
        packets,
        frames,
        kc == null ? null : kc.summary(),
        captureProblem);
  }

  static boolean rstSeen(List<Packet> packets) {
    return packets.stream().anyMatch(p -> p.tcp() != null && p.tcp().has(TcpSegment.RST));
  }
}
