package dev.netlab.udp.rudp;

import dev.netlab.common.metrics.LabMetrics;
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
