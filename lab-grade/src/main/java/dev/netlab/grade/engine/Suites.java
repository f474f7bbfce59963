package dev.netlab.grade.engine;

import dev.netlab.grade.dnsserver.DnsServerSuite;
import dev.netlab.grade.portscan.PortScannerSuite;
import dev.netlab.grade.rudprecv.RudpReceiverSuite;
import dev.netlab.grade.tcpecho.TcpEchoServerSuite;
import dev.netlab.grade.udpping.UdpPingerSuite;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The code side of each exercise: its suite of checks, by exercise id. */
public final class Suites {
  private static final Map<String, Supplier<ExerciseSuite>> BY_ID =
      Map.of(
          "tcp-echo-server", TcpEchoServerSuite::new,
          "udp-pinger", UdpPingerSuite::new,
          "rudp-receiver", RudpReceiverSuite::new,
          "port-scanner", PortScannerSuite::new,
          "dns-server", DnsServerSuite::new);

  private Suites() {}

  /** A fresh suite for one grading run of exercise {@code id}. */
  public static Optional<ExerciseSuite> forExercise(String id) {
    return Optional.ofNullable(BY_ID.get(id)).map(Supplier::get);
  }
}
