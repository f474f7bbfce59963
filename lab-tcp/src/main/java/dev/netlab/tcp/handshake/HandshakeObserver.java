package dev.netlab.tcp.handshake;

import dev.netlab.common.base.LabException;
import dev.netlab.common.capture.CaptureInterface;
import dev.netlab.common.capture.CaptureSummary;
import dev.netlab.common.capture.CaptureTools;
import dev.netlab.common.capture.CaptureUnavailableException;
import dev.netlab.common.capture.KernelCapture;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.TcpSegment;
import dev.netlab.common.cli.LabRun;
import dev.netlab.tcp.ConnectTimer;
import dev.netlab.tcp.TcpInfo;
import dev.netlab.tcp.TcpMetrics;
import dev.netlab.tcp.echo.EchoClient;
import dev.netlab.tcp.echo.EchoServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Opens one connection while the kernel's packets are captured, exchanges a few echo messages,
 * closes from the client side, and returns the connection as the packets show it.
 */
public final class HandshakeObserver {
  /** How long to wait for the teardown's last packets after the client closed. */
  public static final Duration TEARDOWN_WAIT = Duration.ofSeconds(2);

  /** How long each echo may take. */
  public static final Duration ECHO_TIMEOUT = Duration.ofSeconds(5);

  private final LabRun run;
  private final TcpMetrics metrics;
  private final Duration connectTimeout;
  private final CaptureTools tools;

  public HandshakeObserver(LabRun run, TcpMetrics metrics, Duration connectTimeout) {
    this(run, metrics, connectTimeout, CaptureTools.installed());
  }

  /**
   * @param tools the capture tools to try
   */
  public HandshakeObserver(
      LabRun run, TcpMetrics metrics, Duration connectTimeout, CaptureTools tools) {
    this.run = run;
    this.metrics = metrics;
    this.connectTimeout = connectTimeout;
    this.tools = tools;
  }

  /**
   * @param target an echo server to connect to, or null to start one on a free loopback port
   * @param messages how many short messages to exchange
   * @param pcapCopy where to also save the kernel capture, or null
   * @throws LabException when {@code pcapCopy} was asked for and nothing may capture: the file
   *     asked for cannot be written
   */
  public HandshakeResult observe(InetSocketAddress target, int messages, Path pcapCopy)
      throws InterruptedException {
    return observe(target, messages, pcapCopy, true);
  }

  /**
   * @param fileRequired whether a missing capture makes {@code pcapCopy} an error; when false (the
   *     tour) the result says why nothing was captured instead
   */
  public HandshakeResult observe(
      InetSocketAddress target, int messages, Path pcapCopy, boolean fileRequired)
      throws InterruptedException {
    EchoServer own = null;
    if (target == null) {
      own =
          new EchoServer(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              LabRun.quiet(run.transport()),
              new TcpMetrics(run.metrics().registry()));
      own.start();
    }
    try {
      InetSocketAddress server = target == null ? own.localAddress() : target;
      KernelCapture capture = null;
      String captureProblem = null;
      try {
        capture =
            KernelCapture.start(
                tools,
                CaptureInterface.interfaceFor(server.getAddress()),
                "tcp port "
                    + server.getPort()
                    + " and host "
                    + server.getAddress().getHostAddress(),
                pcapCopy);
      } catch (CaptureUnavailableException e) {
        if (pcapCopy != null && fileRequired) {
          throw LabException.runtime("cannot write --capture " + pcapCopy + ": " + e.getMessage());
        }
        captureProblem = e.getMessage();
      }
      try {
        return exchange(server, messages, capture, captureProblem);
      } finally {
        if (capture != null) {
          capture.close();
        }
      }
    } finally {
      if (own != null) {
        own.close();
      }
    }
  }

  private HandshakeResult exchange(
      InetSocketAddress server, int messages, KernelCapture capture, String captureProblem)
      throws InterruptedException {
    EchoClient client = new EchoClient(server, run, metrics, connectTimeout, null);
    double connectMillis = ConnectTimer.millis(client.channel());
    InetSocketAddress local = (InetSocketAddress) client.channel().localAddress();
    Optional<TcpInfo> info;
    try {
      for (int i = 1; i <= messages; i++) {
        byte[] msg = ("hello, netlab " + i + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] back = client.echo(msg, ECHO_TIMEOUT);
        if (!Arrays.equals(msg, back)) {
          throw LabException.runtime(
              "the server at " + server + " did not echo message " + i + ": is it an echo server?");
        }
      }
      info = TcpInfo.of(client.channel());
    } catch (IOException | TimeoutException e) {
      throw LabException.runtime(
          "echo with " + server + " failed (" + e.getMessage() + "): is it an echo server?");
    } finally {
      client.close();
    }
    List<Packet> packets = List.of();
    ConnectionTrace trace = null;
    List<Integer> handshakeFrames = List.of();
    CaptureSummary summary = null;
    if (capture != null) {
      packets = capture.await(HandshakeObserver::teardownSeen, TEARDOWN_WAIT);
      capture.close();
      summary = capture.summary();
      trace = ConnectionTrace.of(packets, local, server);
      handshakeFrames = handshakeFrames(capture, packets, local, server);
    }
    Packet firstData =
        packets.stream()
            .filter(p -> p.tcp() != null && p.tcp().payloadLength() > 0)
            .findFirst()
            .orElse(null);
    return new HandshakeResult(
        local,
        server,
        connectMillis,
        info,
        trace,
        firstData,
        summary,
        handshakeFrames,
        captureProblem);
  }

  /** The saved file's frame numbers of the connection's first three packets: the handshake. */
  private static List<Integer> handshakeFrames(
      KernelCapture capture,
      List<Packet> packets,
      InetSocketAddress client,
      InetSocketAddress server) {
    return packets.stream()
        .filter(
            p ->
                p.tcp() != null
                    && (p.source().equals(client) && p.destination().equals(server)
                        || p.source().equals(server) && p.destination().equals(client)))
        .limit(3)
        .map(capture::frameOf)
        .toList();
  }

  /** Both FINs seen, and a packet after the second one (its ACK). */
  static boolean teardownSeen(List<Packet> packets) {
    int fins = 0;
    int after = 0;
    for (Packet p : packets) {
      if (p.tcp() == null) {
        continue;
      }
      if (fins == 2) {
        after++;
      }
      if (p.tcp().has(TcpSegment.FIN)) {
        fins++;
      }
      if (p.tcp().has(TcpSegment.RST)) {
        return true;
      }
    }
    return fins >= 2 && after >= 1;
  }
}
