package dev.netlab.udp.rudp;

import dev.netlab.common.metrics.LabMetrics;
import dev.netlab.udp.rudp.protocol.RudpReceiver;
import dev.netlab.udp.rudp.protocol.RudpResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meters for the RUDP protocol, both ends. */
public final class RudpMetrics {
  private final Counter sent;
  private final Counter received;
  private final Counter corrupt;
  private final Counter wrongConnection;
  private final Counter portUnreachable;
  private final MeterRegistry registry;

  public RudpMetrics(MeterRegistry registry) {
    this.registry = registry;
    String p = LabMetrics.PREFIX + "rudp.";
    this.sent = Counter.builder(p + "datagrams").tag("direction", "sent").register(registry);
    this.received =
        Counter.builder(p + "datagrams").tag("direction", "received").register(registry);
    this.corrupt =
        Counter.builder(p + "dropped").tag("reason", "corrupt_or_malformed").register(registry);
    this.wrongConnection =
        Counter.builder(p + "dropped").tag("reason", "wrong_connection").register(registry);
    this.portUnreachable =
        Counter.builder(p + "port_unreachable")
            .description("ICMP port unreachable reported on the sender's connected socket")
            .register(registry);
  }

  public void sent() {
    sent.increment();
  }

  public void received() {
    received.increment();
  }

  public void corrupt() {
    corrupt.increment();
  }

  public void wrongConnection() {
    wrongConnection.increment();
  }

  /** The kernel reported an ICMP port unreachable: nobody listens at the receiver's port. */
  public void portUnreachable() {
    portUnreachable.increment();
  }

  public double portUnreachableCount() {
    return portUnreachable.count();
  }

  public double receivedCount() {
    return received.count();
  }

  public double corruptCount() {
    return corrupt.count();
  }

  public double wrongConnectionCount() {
    return wrongConnection.count();
  }

  /**
   * Records a connection the receiver finished, as counters by mode: what it delivered, and the
   * receiver's view of the sender's retransmissions (datagrams that arrived twice), reordering,
   * lateness and loss. docs/rudp.md lists them.
   */
  public void record(RudpReceiver r) {
    String p = LabMetrics.PREFIX + "rudp.received.";
    String mode = r.mode().toString();
    count(p + "connections", mode, 1);
    count(p + "bytes", mode, r.deliveredBytes());
    count(p + "duplicates", mode, r.duplicates());
    count(p + "retransmissions", mode, r.retransmitted());
    count(p + "reordered", mode, r.reordered());
    count(p + "late", mode, r.late());
    count(p + "lost", mode, r.skipped());
  }

  private void count(String name, String mode, long n) {
    Counter.builder(name).tag("mode", mode).register(registry).increment(n);
  }

  /** Records a finished transfer's sender figures as counters. */
  public void record(RudpResult r) {
    String p = LabMetrics.PREFIX + "rudp.";
    Counter.builder(p + "retransmissions")
        .tag("mode", r.mode().toString())
        .register(registry)
        .increment(r.retransmissions());
    Counter.builder(p + "timeouts")
        .tag("mode", r.mode().toString())
        .register(registry)
        .increment(r.timeouts());
    Counter.builder(p + "delivered.bytes")
        .tag("mode", r.mode().toString())
        .register(registry)
        .increment(r.deliveredBytes());
  }

  /** The registry these meters live in, for what the server registers beside them. */
  public MeterRegistry registry() {
    return registry;
  }
}
