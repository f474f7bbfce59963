package dev.netlab.common.capture;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's real packets, captured by the tool the user already has ({@code tcpdump}, {@code
 * dumpcap} or {@code tshark}, tried in that order until one may capture) running as a subprocess
 * that writes pcap to a pipe, decoded here as they arrive, with a BPF filter for the lab's ports.
 *
 * <p>A tool says it is listening before it really captures (dumpcap prints "Capturing on" first),
 * so {@link #start} returns only once the capture has seen a start marker: a small UDP datagram to
 * a closed loopback port, which the filter lets through and which {@link #packets()} leaves out (it
 * stays in the saved file, so frame numbers there count it).
 */
public final class KernelCapture implements AutoCloseable {
  /** How long the tool may take to capture its start marker before we give up. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  /** How long a stopping tool may take to flush its last packets. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  /** Bytes kept of each packet: every header, and the start of the payload. */
  public static final int SNAP_LENGTH = 512;

  /**
   * The kernel buffer the tool asks for, in MiB: the default 2 MiB overflows during a fast loopback
   * transfer on a busy 2-core machine, and every overflow is a packet the capture misses.
   */
  public static final int BUFFER_MIB = 16;

  /** How often the start marker is sent again while the capture has not seen one. */
  static final Duration MARKER_INTERVAL = Duration.ofMillis(100);

  /** The start marker's payload: frame 1 of every file a capture saves. */
  public static final String MARKER_TEXT = "netlab capture start marker";

  /** A Wireshark display filter that hides the start marker. */
  public static final String NOT_MARKER = "!(udp contains \"" + MARKER_TEXT + "\")";

  static final byte[] MARKER = MARKER_TEXT.getBytes(StandardCharsets.US_ASCII);

  private static final Logger log = LoggerFactory.getLogger(KernelCapture.class);

  private final String tool;
  private final String iface;
  private final Process process;
  private final int markerPort;
  private final List<Packet> packets = new ArrayList<>();
  private final Map<Packet, Integer> frames = new IdentityHashMap<>();
  private final StringBuilder stderr = new StringBuilder();
  private final Thread reader;
  private final Thread errReader;
  private int frameCount;
  private boolean markerSeen;
  private volatile boolean stopping;
  private volatile Exception readError;
  private Long dropped;

  private KernelCapture(String tool, String iface, Process process, int markerPort, Path copyTo) {
    this.tool = tool;
    this.iface = iface;
    this.process = process;
    this.markerPort = markerPort;
    this.reader = new Thread(() -> readPackets(copyTo), "capture-" + tool);
    this.reader.setDaemon(true);
    this.errReader = new Thread(this::readStderr, "capture-stderr-" + tool);
    this.errReader.setDaemon(true);
  }

  /**
   * Starts capturing on loopback and returns once the capture sees packets.
   *
   * @param filter a BPF filter such as {@code tcp port 10007}
   * @param copyTo if not null, the raw pcap stream is also written to this file for Wireshark
   * @throws CaptureUnavailableException when no tool is installed or none may capture, with the fix
   *     in the message
   */
  public static KernelCapture start(String filter, Path copyTo)
      throws CaptureUnavailableException, InterruptedException {
    return start(CaptureTools.installed(), CaptureInterface.loopbackInterface(), filter, copyTo);
  }

  /**
   * Starts capturing on {@code iface} with the first of {@code tools} that may capture: a tool that
   * is refused (no permission) or fails is not the end, the next one is tried.
   */
  public static KernelCapture start(CaptureTools tools, String iface, String filter, Path copyTo)
      throws CaptureUnavailableException, InterruptedException {
    if (tools.isEmpty()) {
      throw new CaptureUnavailableException(tools.noneFound());
    }
    List<String> refusals = new ArrayList<>();
    boolean permission = false;
    for (Path tool : tools.paths()) {
      try {
        return open(tool.toString(), iface, filter, copyTo);
      } catch (ToolFailed e) {
        log.debug("{} cannot capture: {}", tool, e.said);
        String name = tool.getFileName().toString();
        // "tcpdump: lo: You don't have permission ...": the tool's name once is enough
        String said = e.said.startsWith(name + ":") ? e.said.substring(name.length() + 1) : e.said;
        refusals.add(name + ": " + said.strip());
        permission |= e.permission;
        if (copyTo != null) {
          deleteQuietly(copyTo);
        }
      }
    }
    throw new CaptureUnavailableException(CaptureToolDialect.explain(refusals, permission));
  }

  /** Whether some capture tool is installed (it may still lack permission). */
  public static boolean toolInstalled() {
    return !CaptureTools.installed().isEmpty();
  }

  /** The tool's name: tcpdump, dumpcap or tshark. */
  public String tool() {
    return Path.of(tool).getFileName().toString();
  }

  /** The interface captured. */
  public String iface() {
    return iface;
  }

  /** Which tool captured where, and (once closed) what it said it dropped. */
  public CaptureSummary summary() {
    return new CaptureSummary(tool(), iface, dropped);
  }

  /** The packets decoded so far (without the start markers). */
  public List<Packet> packets() {
    synchronized (packets) {
      return new ArrayList<>(packets);
    }
  }

  /** {@code p}'s frame number in the saved file (1 for the first frame), or -1. */
  public int frameOf(Packet p) {
    synchronized (packets) {
      return frames.getOrDefault(p, -1);
    }
  }

  /**
   * Packets the tool says the kernel dropped before the capture read them, once {@link #close()}
   * returned; null when the tool did not say. Such a packet is missing from the capture, not lost
   * on the network.
   */
  public Long dropped() {
    return dropped;
  }

  /**
   * Waits until the packets seen so far satisfy {@code done}, or the timeout passes.
   *
   * @return the packets at that moment
   */
  public List<Packet> await(Predicate<List<Packet>> done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (packets) {
      while (!done.test(packets)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !reader.isAlive()) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(packets, left);
      }
      return new ArrayList<>(packets);
    }
  }

  /** Stops the tool, waits for its last packets and its statistics. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    // ProcessHandle.destroy sends SIGTERM and leaves the pipes open, so the tool's last packets
    // and its drop count still arrive (Process.destroy would close them at once).
    process.toHandle().destroy();
    if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
    }
    reader.join(STOP_TIMEOUT.toMillis());
    errReader.join(STOP_TIMEOUT.toMillis());
    synchronized (stderr) {
      dropped = CaptureToolDialect.droppedIn(stderr.toString());
    }
    if (readError != null) {
      log.debug("kernel capture stopped early: {}", readError.getMessage());
    }
  }

  private static KernelCapture open(String tool, String iface, String filter, Path copyTo)
      throws ToolFailed, InterruptedException {
    int markerPort = closedLoopbackPort();
    String withMarker =
        "(" + filter + ") or (udp and dst host 127.0.0.1 and dst port " + markerPort + ")";
    List<String> command = CaptureToolDialect.command(tool, iface, withMarker);
    log.debug("starting kernel capture: {}", command);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new ToolFailed("cannot run it: " + e.getMessage(), false);
    }
    KernelCapture capture = new KernelCapture(tool, iface, process, markerPort, copyTo);
    capture.errReader.start();
    capture.reader.start();
    try {
      capture.awaitMarker();
    } catch (ToolFailed e) {
      capture.close();
      throw e;
    }
    return capture;
  }

  /** Sends start markers until the capture shows one, the tool exits, or time runs out. */
  private void awaitMarker() throws ToolFailed, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (DatagramSocket s = new DatagramSocket(0, loopback4())) {
      InetAddress lo = loopback4();
      DatagramPacket marker =
          new DatagramPacket(MARKER, MARKER.length, new InetSocketAddress(lo, markerPort));
      while (true) {
        synchronized (packets) {
          if (markerSeen) {
            return;
          }
        }
        if (!process.isAlive() || !reader.isAlive() || System.nanoTime() > deadline) {
          break;
        }
        s.send(marker);
        synchronized (packets) {
          if (!markerSeen) {
            packets.wait(MARKER_INTERVAL.toMillis());
          }
        }
      }
    } catch (IOException e) {
      throw new ToolFailed("cannot send the start marker on loopback: " + e.getMessage(), false);
    }
    boolean exited = process.waitFor(1, TimeUnit.SECONDS);
    errReader.join(STOP_TIMEOUT.toMillis() / 5);
    String said;
    synchronized (stderr) {
      said = stderr.toString();
    }
    if (!exited) {
      throw new ToolFailed(
          "it ran but captured none of its start markers within "
              + START_TIMEOUT.toSeconds()
              + " s",
          false);
    }
    throw new ToolFailed(CaptureToolDialect.reason(said), CaptureToolDialect.isPermission(said));
  }

  /** 127.0.0.1, where the start marker goes (the filter names it). */
  private static InetAddress loopback4() throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
  }

  /** A loopback UDP port nothing listens on right now. */
  private static int closedLoopbackPort() throws ToolFailed {
    try (DatagramSocket s = new DatagramSocket(0, loopback4())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new ToolFailed("no free loopback UDP port for the start marker", false);
    }
  }

  private boolean isMarker(Packet p) {
    return p.udp() != null
        && p.udp().destinationPort() == markerPort
        && p.ip() != null
        && p.ip().destination().isLoopbackAddress();
  }

  private void readStderr() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        log.debug("{}: {}", tool, line);
        synchronized (stderr) {
          stderr.append(line).append('\n');
        }
      }
    } catch (IOException e) {
      log.debug("{} stderr closed: {}", tool, e.getMessage());
    }
  }

  private void readPackets(Path copyTo) {
    try (InputStream in = copyTo == null ? process.getInputStream() : tee(copyTo);
        PcapReader pcap = new PcapReader(in)) {
      PcapRecord record;
      while ((record = pcap.next()) != null) {
        Packet packet;
        try {
          packet = PacketDecoder.decode(pcap.linkType(), record);
        } catch (PcapFormatException e) {
          log.debug("skipping a packet the decoder rejects: {}", e.getMessage());
          synchronized (packets) {
            frameCount++;
          }
          continue;
        }
        synchronized (packets) {
          frameCount++;
          if (isMarker(packet)) {
            markerSeen = true;
          } else {
            packets.add(packet);
            frames.put(packet, frameCount);
          }
          packets.notifyAll();
        }
      }
    } catch (IOException e) {
      if (!stopping) {
        readError = e;
      }
    } finally {
      synchronized (packets) {
        packets.notifyAll();
      }
    }
  }

  private InputStream tee(Path copyTo) throws IOException {
    OutputStream copy = Files.newOutputStream(copyTo);
    return new FilterInputStream(process.getInputStream()) {
      @Override
      public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
          copy.write(c);
        }
        return c;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          copy.write(b, off, n);
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          copy.close();
        }
      }
    };
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("cannot delete {}: {}", file, e.getMessage());
    }
  }

  /** One tool could not capture; the next one is tried. */
  private static final class ToolFailed extends Exception {
    final String said;
    final boolean permission;

    ToolFailed(String said, boolean permission) {
      super(said, null, false, false);
      this.said = said;
      this.permission = permission;
    }
  }
}
