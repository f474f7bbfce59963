package dev.netlab.udp;

import dev.netlab.common.metrics.LabMetrics;
import dev.netlab.common.services.DatagramEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The UDP lab's meters. One instance per run; counters are shared by every sender. */
public final class UdpMetrics implements DatagramEvents {
  private final Counter sent;
  private final Counter received;
  private final Counter bytesSent;
  private final Counter bytesReceived;
  private final Counter malformed;
  private final Counter sendErrors;

  private final MeterRegistry registry;

  public UdpMetrics(MeterRegistry registry) {
    this.registry = registry;
    String p = LabMetrics.PREFIX + "udp.";
    this.sent = Counter.builder(p + "datagrams").tag("direction", "sent").register(registry);
    this.received =
        Counter.builder(p + "datagrams").tag("direction", "received").register(registry);
    this.bytesSent =
        Counter.builder(p + "bytes").tag("direction", "sent").baseUnit("bytes").register(registry);
    this.bytesReceived =
        Counter.builder(p + "bytes")
            .tag("direction", "received")
            .baseUnit("bytes")
            .register(registry);
    this.malformed =
        Counter.builder(p + "malformed")
            .description("datagrams that were not the lab's format, counted and dropped")
            .register(registry);
    this.sendErrors =
        Counter.builder(p + "send.errors")
            .description("sends the kernel refused, e.g. after ICMP port unreachable")
            .register(registry);
  }

  @Override
  public void sent(int bytes) {
    sent(1, bytes);
  }

  /** {@code datagrams} datagrams of {@code bytes} bytes in all. */
  public void sent(int datagrams, long bytes) {
    sent.increment(datagrams);
    bytesSent.increment(bytes);
  }

  @Override
  public void received(int bytes) {
    received.increment();
    bytesReceived.increment(bytes);
  }

  public void malformed() {
    malformed.increment();
  }

  public void sendError() {
    sendErrors.increment();
  }

  public double malformedCount() {
    return malformed.count();
  }

  /** The registry these meters live in, for what a server registers beside them. */
  public MeterRegistry registry() {
    return registry;
  }
}
