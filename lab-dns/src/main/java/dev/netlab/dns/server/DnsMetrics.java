package dev.netlab.dns.server;

import dev.netlab.common.metrics.LabMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The DNS server's meters: queries by rcode and by qtype, malformed input, truncations, TCP
 * connections turned away, and the time from a query's arrival to its answer. Tags stay bounded: a
 * qtype outside {@link #QTYPES} counts as "other", so random types cannot grow the registry.
 */
public final class DnsMetrics {
  /** The qtypes counted by name; every other type is counted as "other". */
  static final Set<String> QTYPES =
      Set.of(
          "A", "AAAA", "NS", "SOA", "CNAME", "MX", "TXT", "PTR", "SRV", "CAA", "DS", "DNSKEY",
          "HTTPS", "SVCB", "ANY", "AXFR", "IXFR", "-");

  private final MeterRegistry registry;
  private final String prefix = LabMetrics.PREFIX + "dns.";
  private final Counter malformed;
  private final Counter truncated;
  private final Counter connectionsRefused;
  private final Timer latency;

  public DnsMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.malformed =
        Counter.builder(prefix + "malformed")
            .description("input that was not a DNS query: counted, dropped or answered FORMERR")
            .register(registry);
    this.truncated =
        Counter.builder(prefix + "truncated")
            .description("UDP answers sent with TC set because they did not fit")
            .register(registry);
    this.connectionsRefused =
        Counter.builder(prefix + "tcp.refused")
            .description("TCP connections closed at once because too many were open")
            .register(registry);
    this.latency =
        Timer.builder(prefix + "latency")
            .description("from a query's arrival to its answer being handed to the socket")
            .publishPercentileHistogram()
            // one histogram, not a ring of three rotating ones: every query records into each,
            // and at hundreds of thousands of queries a second that was a tenth of the answer's
            // time
            .distributionStatisticBufferLength(1)
            .minimumExpectedValue(Duration.ofNanos(1_000))
            .maximumExpectedValue(Duration.ofMillis(100))
            .register(registry);
  }

  /** One query answered (or dropped), {@code nanos} after it arrived. */
  public void query(Reply reply, String transport, long nanos) {
    query(queries(reply, transport), reply, nanos);
  }

  /** The queries counter of {@code reply}'s rcode and type over {@code transport}. */
  public Counter queries(Reply reply, String transport) {
    String qtype = QTYPES.contains(reply.type()) ? reply.type() : "other";
    return Counter.builder(prefix + "queries")
        .tag("rcode", reply.rcode())
        .tag("qtype", qtype)
        .tag("transport", transport)
        .register(registry);
  }

  /** One query answered, counted on {@code queries}: its counter, looked up before. */
  public void query(Counter queries, Reply reply, long nanos) {
    queries.increment();
    if (reply.wire() == null || reply.rcode().equals("FORMERR")) {
      malformed.increment();
    }
    if (reply.truncated()) {
      truncated.increment();
    }
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void connectionRefused() {
    connectionsRefused.increment();
  }

  public double malformedCount() {
    return malformed.count();
  }
}
