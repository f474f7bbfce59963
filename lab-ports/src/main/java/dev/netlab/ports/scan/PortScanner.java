package dev.netlab.ports.scan;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/** Scans one host's ports, TCP (connect) or UDP, with bounded concurrency and rate. */
public final class PortScanner {
  private final InetAddress host;
  private final ScanSettings settings;

  public PortScanner(InetAddress host, ScanSettings settings) {
    this.host = host;
    this.settings = settings;
  }

  /**
   * Selector loops a TCP scan runs side by side, each with its share of the ports, concurrency and
   * rate: at most two, as a connect scan is system calls, and two cores already take most of them.
   */
  static final int TCP_LOOPS = Math.min(2, Runtime.getRuntime().availableProcessors());

  /** nmap {@code -sT}: every port's state, in the order of {@code ports}. */
  public List<PortResult> scanTcp(int[] ports, ScanProgress progress) throws IOException {
    int loops = Math.min(TCP_LOOPS, Math.min(settings.concurrency(), ports.length));
    if (loops <= 1) {
      return new ScanEngine(new TcpConnectProber(host), settings, progress).run(ports);
    }
    ScanSettings share =
        new ScanSettings(
            settings.concurrency() / loops,
            settings.rate() == 0 ? 0 : Math.max(1, settings.rate() / loops),
            settings.timeout(),
            settings.retries());
    List<CompletableFuture<List<PortResult>>> parts = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(loops - 1, PortScanner::daemon);
    try {
      for (int k = 1; k < loops; k++) {
        int[] mine = every(ports, k, loops);
        parts.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return new ScanEngine(new TcpConnectProber(host), share, progress).run(mine);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                },
                pool));
      }
      List<PortResult> first =
          new ScanEngine(new TcpConnectProber(host), share, progress).run(every(ports, 0, loops));
      List<PortResult> all = new ArrayList<>(first);
      for (CompletableFuture<List<PortResult>> f : parts) {
        all.addAll(join(f));
      }
      all.sort(Comparator.comparingInt(PortResult::port));
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every {@code n}th port from the {@code k}th: each loop gets ports from the whole range. */
  static int[] every(int[] ports, int k, int n) {
    return IntStream.range(0, ports.length).filter(i -> i % n == k).map(i -> ports[i]).toArray();
  }

  /** A loop's results; waiting is interruptible, and the caller's finally stops the loops. */
  private static List<PortResult> join(CompletableFuture<List<PortResult>> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("scan interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "ports-scan");
    t.setDaemon(true);
    return t;
  }

  /** Probes the warm-up sends, about a third of a second's worth on loopback. */
  static final int WARM_UP_PROBES = 20_000;

  /**
   * Runs the TCP scan's code over two loopback ports this process holds itself, one listening and
   * one it just closed, so the JIT has compiled it before the real scan starts (for {@code
   * --warm-up} only: nothing else on the machine is probed).
   */
  public static void warmUp() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket open = new ServerSocket(0, 1024, lo)) {
      // accepted and closed at once: a full accept queue would drop SYNs, and the probes time out
      Thread acceptor =
          daemon(
              () -> {
                while (!open.isClosed()) {
                  try {
                    open.accept().close();
                  } catch (IOException e) {
                    return; // closed: the warm-up is over
                  }
                }
              });
      acceptor.start();
      int closed;
      try (ServerSocket gone = new ServerSocket(0, 1, lo)) {
        closed = gone.getLocalPort();
      }
      int[] ports = new int[WARM_UP_PROBES];
      for (int i = 0; i < ports.length; i++) {
        ports[i] = i % 16 == 0 ? open.getLocalPort() : closed;
      }
      new PortScanner(lo, new ScanSettings(64, 0, Duration.ofSeconds(1), 0))
          .scanTcp(ports, ScanProgress.NONE);
    }
  }

  /** nmap {@code -sU}: every port's state, in the order of {@code ports}. */
  public List<PortResult> scanUdp(int[] ports, ScanProgress progress) throws IOException {
    return new ScanEngine(new UdpProber(host, settings.retries()), settings, progress).run(ports);
  }
}
