package dev.netlab.common.capture;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's real packets, captured by the tool the user already has ({@code tcpdump}, {@code
 * dumpcap} or {@code tshark}) running as a subprocess that writes pcap to a pipe, decoded here as
 * they arrive. Only the loopback interface is captured, with a BPF filter for the lab's ports.
 */
public final class KernelCapture implements AutoCloseable {
  /** How long the tool may take to start listening before we give up. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  /** How long a stopping tool may take to flush its last packets. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  /** Bytes kept of each packet: every header, and the start of the payload. */
  public static final int SNAP_LENGTH = 512;

  /** Names the tools in the order they are tried; NETLAB_CAPTURE_TOOL picks one. */
  static final List<String> TOOLS = List.of("tcpdump", "dumpcap", "tshark");

  private static final Logger log = LoggerFactory.getLogger(KernelCapture.class);

  private final String tool;
  private final Process process;
  private final List<Packet> packets = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private final Thread reader;
  private volatile Exception readError;

  private KernelCapture(String tool, Process process, Path copyTo) {
    this.tool = tool;
    this.process = process;
    this.reader = new Thread(() -> readPackets(copyTo), "capture-" + tool);
    this.reader.setDaemon(true);
  }

  /**
   * Starts capturing on loopback and returns once the tool says it is listening.
   *
   * @param filter a BPF filter such as {@code tcp port 10007}
   * @param copyTo if not null, the raw pcap stream is also written to this file for Wireshark
   * @throws CaptureUnavailableException when no tool is installed or capture is not permitted, with
   *     the fix in the message
   */
  public static KernelCapture start(String filter, Path copyTo)
      throws CaptureUnavailableException, InterruptedException {
    String tool = findTool();
    List<String> command = command(tool, loopbackInterface(), filter);
    log.info("starting kernel capture: {}", command);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new CaptureUnavailableException("cannot run " + tool + ": " + e.getMessage());
    }
    KernelCapture capture = new KernelCapture(tool, process, copyTo);
    capture.awaitListening();
    capture.reader.start();
    return capture;
  }

  /** Whether some capture tool is on the PATH (it may still lack permission). */
  public static boolean toolInstalled() {
    try {
      findTool();
      return true;
    } catch (CaptureUnavailableException e) {
      return false;
    }
  }

  public String tool() {
    return tool;
  }

  /** The packets decoded so far. */
  public List<Packet> packets() {
    synchronized (packets) {
      return new ArrayList<>(packets);
    }
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
        if (left <= 0 || !reader.isAlive() && reader.getState() != Thread.State.NEW) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(packets, left);
      }
      return new ArrayList<>(packets);
    }
  }

  /** Stops the tool, waits for its last packets and returns everything captured. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
    }
    reader.join(STOP_TIMEOUT.toMillis());
    if (readError != null) {
      log.warn("kernel capture stopped early: {}", readError.getMessage());
    }
  }

  private void awaitListening() throws CaptureUnavailableException, InterruptedException {
    CountDownLatch listening = new CountDownLatch(1);
    AtomicBoolean saidListening = new AtomicBoolean();
    Thread errReader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  log.debug("{}: {}", tool, line);
                  synchronized (stderr) {
                    stderr.append(line).append('\n');
                  }
                  if (line.contains("listening on") || line.contains("Capturing on")) {
                    saidListening.set(true);
                    listening.countDown();
                  }
                }
              } catch (IOException e) {
                log.debug("{} stderr closed: {}", tool, e.getMessage());
              }
              listening.countDown();
            },
            "capture-stderr");
    errReader.setDaemon(true);
    errReader.start();
    boolean answered = listening.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    // Started means the tool said so: an early exit also ends the wait, with an error on stderr.
    boolean started = answered && saidListening.get();
    if (!started || !process.isAlive()) {
      process.destroyForcibly();
      String said;
      synchronized (stderr) {
        said = stderr.toString().trim().replace('\n', ' ');
      }
      throw new CaptureUnavailableException(explain(tool, said, started));
    }
  }

  static String explain(String tool, String said, boolean started) {
    String lower = said.toLowerCase(Locale.ROOT);
    if (lower.contains("permission") || lower.contains("not permitted")) {
      return "capturing kernel packets needs privilege ("
          + tool
          + " said: "
          + said
          + "): run as root (sudo), or allow dumpcap once with 'sudo setcap"
          + " cap_net_raw,cap_net_admin=eip $(command -v dumpcap)' and join the wireshark group"
          + " ('sudo usermod -aG wireshark $USER', then log in again)";
    }
    if (!started && said.isEmpty()) {
      return tool + " did not start listening within " + START_TIMEOUT.toSeconds() + " s";
    }
    return tool + " stopped at once: " + said;
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
          continue;
        }
        synchronized (packets) {
          packets.add(packet);
          packets.notifyAll();
        }
      }
    } catch (IOException e) {
      readError = e;
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

  private static String findTool() throws CaptureUnavailableException {
    String forced = System.getenv("NETLAB_CAPTURE_TOOL");
    List<String> candidates = forced == null || forced.isBlank() ? TOOLS : List.of(forced);
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin";
    for (String tool : candidates) {
      for (String dir : path.split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
          return Path.of(dir, tool).toString();
        }
      }
    }
    throw new CaptureUnavailableException(
        "no packet capture tool found (looked for "
            + String.join(", ", candidates)
            + "): install one, e.g. 'sudo apt-get install tcpdump' or 'sudo apt-get install"
            + " tshark'");
  }

  static List<String> command(String toolPath, String iface, String filter) {
    String name = Path.of(toolPath).getFileName().toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(toolPath);
    switch (name) {
      case "tcpdump" -> {
        cmd.addAll(List.of("-i", iface, "-n", "-U", "--immediate-mode"));
        cmd.addAll(List.of("-s", String.valueOf(SNAP_LENGTH), "-w", "-", filter));
      }
      case "dumpcap" ->
          cmd.addAll(
              List.of(
                  "-i", iface, "-P", "-s", String.valueOf(SNAP_LENGTH), "-f", filter, "-w", "-"));
      default ->
          cmd.addAll(
              List.of(
                  "-i",
                  iface,
                  "-F",
                  "pcap",
                  "-s",
                  String.valueOf(SNAP_LENGTH),
                  "-f",
                  filter,
                  "-w",
                  "-"));
    }
    return cmd;
  }

  /** {@code lo} on Linux, {@code lo0} on macOS and the BSDs. */
  public static String loopbackInterface() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return os.contains("linux") ? "lo" : "lo0";
  }
}
