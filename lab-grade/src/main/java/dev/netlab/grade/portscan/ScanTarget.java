package dev.netlab.grade.portscan;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.NftablesRule;
import dev.netlab.common.transport.Transport;
import dev.netlab.ports.host.HostConfig;
import dev.netlab.ports.host.HostServer;
import dev.netlab.ports.host.Service;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host a scanner is graded against, on loopback: lab-ports' multi-service host on ports the
 * kernel picks (open), a block of consecutive ports nothing listens on (closed), ports whose SYNs
 * nftables drops (filtered) and ports whose listener's accept queue is full, so a SYN gets no
 * answer at all (silent). Everything is closed again by {@link #close()}.
 */
final class ScanTarget implements AutoCloseable {
  /** How long one filler connection may take before the silent port's queue counts as full. */
  static final Duration FILL_WAIT = Duration.ofMillis(300);

  /** Filler connections at most: a backlog of 1 holds two, so the third SYN is already dropped. */
  static final int MAX_FILLERS = 8;

  private final InetAddress host = InetAddress.getLoopbackAddress();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final TreeSet<Integer> ports = new TreeSet<>();
  private final TreeSet<Integer> dropped = new TreeSet<>();
  private final TreeSet<Integer> silent = new TreeSet<>();

  InetAddress host() {
    return host;
  }

  /** Every port the scanner is asked about, ascending. */
  TreeSet<Integer> ports() {
    return ports;
  }

  Set<Integer> dropped() {
    return dropped;
  }

  Set<Integer> silent() {
    return silent;
  }

  /** Serves {@code services} with lab-ports' host, each on a port the kernel picks. */
  ScanTarget serve(Set<Service> services) throws InterruptedException {
    LabRun lab = track(LabRun.quiet(Transport.best()));
    HostServer server = track(new HostServer(HostConfig.anyPort(host, services), lab).start());
    for (Service s : services) {
      ports.add(server.address(s, false).getPort());
    }
    return this;
  }

  /**
   * Adds {@code n} more ports, consecutive but for the ones already added, starting at one the
   * kernel just gave out and took back: free now, so a probe meets a RST (closed) unless something
   * else on the machine binds one meanwhile.
   */
  List<Integer> closedBlock(int n) throws IOException {
    int first;
    try (ServerSocket s = new ServerSocket(0, 1, host)) {
      first = s.getLocalPort();
    }
    if (first + 2 * n > 65_535) {
      first = 65_535 - 2 * n;
    }
    List<Integer> block = new ArrayList<>();
    for (int p = first; block.size() < n && p <= 65_535; p++) {
      if (ports.add(p)) {
        block.add(p);
      }
    }
    return block;
  }

  /** Drops every SYN to {@code port} (nftables; the caller checked it is permitted). */
  void drop(int port) {
    track(NftablesRule.dropSyns(port));
    dropped.add(port);
    ports.add(port);
  }

  /**
   * A listener that never accepts, its queue filled by connections of our own: Linux drops further
   * SYNs to it without an answer, so a probe there times out as behind a silent firewall, and no
   * privilege is needed.
   */
  int addSilent() throws IOException {
    ServerSocket listener = track(new ServerSocket(0, 1, host));
    int port = listener.getLocalPort();
    for (int i = 0; i < MAX_FILLERS; i++) {
      Socket filler = track(new Socket());
      try {
        filler.connect(new InetSocketAddress(host, port), (int) FILL_WAIT.toMillis());
      } catch (SocketTimeoutException full) {
        break;
      }
    }
    silent.add(port);
    ports.add(port);
    return port;
  }

  private <T extends AutoCloseable> T track(T c) {
    open.add(0, c);
    return c;
  }

  @Override
  public void close() {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing is all we want
      }
    }
    open.clear();
  }
}
