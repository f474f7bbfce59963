package dev.netlab.ports.host;

import dev.netlab.common.metrics.LabMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One service's meters on one protocol: connections (opened, closed, refused over the limit, closed
 * idle) for TCP, datagrams for UDP, bytes for both. Tagged by service and protocol only, never by
 * peer, so the number of meters stays bounded.
 */
public final class ServiceMeters {
  static final String PREFIX = LabMetrics.PREFIX + "ports.";

  private final Service service;
  private final boolean udp;
  private final Counter bytesRead;
  private final Counter bytesWritten;
  private final Counter opened;
  private final Counter closed;
  private final Counter refused;
  private final Counter idleClosed;
  private final Counter received;
  private final Counter sent;

  public ServiceMeters(MeterRegistry registry, Service service, boolean udp) {
    this.service = service;
    this.udp = udp;
    String s = service.label();
    String protocol = udp ? "udp" : "tcp";
    this.bytesRead = bytes(registry, s, protocol, "read");
    this.bytesWritten = bytes(registry, s, protocol, "written");
    if (udp) {
      opened = closed = refused = idleClosed = null;
      received = datagrams(registry, s, "received");
      sent = datagrams(registry, s, "sent");
    } else {
      opened = connections(registry, s, "opened");
      closed = connections(registry, s, "closed");
      refused = connections(registry, s, "refused");
      idleClosed = connections(registry, s, "idle_closed");
      received = sent = null;
    }
  }

  private static Counter bytes(MeterRegistry r, String service, String protocol, String dir) {
    return Counter.builder(PREFIX + "bytes")
        .tag("service", service)
        .tag("protocol", protocol)
        .tag("direction", dir)
        .baseUnit("bytes")
        .register(r);
  }

  private static Counter connections(MeterRegistry r, String service, String event) {
    return Counter.builder(PREFIX + "connections")
        .tag("service", service)
        .tag("event", event)
        .register(r);
  }

  private static Counter datagrams(MeterRegistry r, String service, String dir) {
    return Counter.builder(PREFIX + "datagrams")
        .tag("service", service)
        .tag("direction", dir)
        .register(r);
  }

  public Service service() {
    return service;
  }

  public boolean udp() {
    return udp;
  }

  void read(long bytes) {
    bytesRead.increment(bytes);
  }

  void written(long bytes) {
    bytesWritten.increment(bytes);
  }

  void opened() {
    opened.increment();
  }

  void closed() {
    closed.increment();
  }

  void refused() {
    refused.increment();
  }

  void idleClosed() {
    idleClosed.increment();
  }

  void received() {
    received.increment();
  }

  void sent() {
    sent.increment();
  }

  /** Connections refused over the limit so far (TCP). */
  public long refusedCount() {
    return (long) refused.count();
  }

  /** Connections closed for idleness so far (TCP). */
  public long idleClosedCount() {
    return (long) idleClosed.count();
  }

  /** The figures, for the run's JSON: {@code connections_opened}, {@code bytes_read}, ... */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (udp) {
      m.put("datagrams_received", (long) received.count());
      m.put("datagrams_sent", (long) sent.count());
    } else {
      m.put("connections_opened", (long) opened.count());
      m.put("connections_closed", (long) closed.count());
      m.put("connections_refused", (long) refused.count());
      m.put("connections_idle_closed", (long) idleClosed.count());
    }
    m.put("bytes_read", (long) bytesRead.count());
    m.put("bytes_written", (long) bytesWritten.count());
    return m;
  }
}
