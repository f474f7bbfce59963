package dev.netlab.ports.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** Scans one host's ports, TCP (connect) or UDP, with bounded concurrency and rate. */
public final class PortScanner {
  private final InetAddress host;
  private final ScanSettings settings;

  public PortScanner(InetAddress host, ScanSettings settings) {
    this.host = host;
    this.settings = settings;
  }

  /** nmap {@code -sT}: every port's state, in the order of {@code ports}. */
  public List<PortResult> scanTcp(int[] ports, ScanProgress progress) throws IOException {
    return new ScanEngine(new TcpConnectProber(host), settings, progress).run(ports);
  }

  /** nmap {@code -sU}: every port's state, in the order of {@code ports}. */
  public List<PortResult> scanUdp(int[] ports, ScanProgress progress) throws IOException {
    return new ScanEngine(new UdpProber(host, settings.retries()), settings, progress).run(ports);
  }
}
