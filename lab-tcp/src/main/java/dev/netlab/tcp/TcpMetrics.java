package dev.netlab.tcp;

import dev.netlab.common.metrics.LabMetrics;
import dev.netlab.common.metrics.TrafficMetricsHandler;
import dev.netlab.common.services.ConnectionEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The TCP lab's meters: traffic, connections, connect time. One instance per run. */
public final class TcpMetrics implements ConnectionEvents {
  private final TrafficMetricsHandler traffic;
  private final Counter accepted;
  private final Counter closed;
  private final Timer connectTime;

  public TcpMetrics(MeterRegistry registry) {
    this.traffic = new TrafficMetricsHandler(registry, "tcp");
    this.accepted =
        Counter.builder(LabMetrics.PREFIX + "tcp.connections")
            .tag("event", "opened")
            .register(registry);
    this.closed =
        Counter.builder(LabMetrics.PREFIX + "tcp.connections")
            .tag("event", "closed")
            .register(registry);
    this.connectTime =
        Timer.builder(LabMetrics.PREFIX + "tcp.connect.time")
            .description("SYN sent to connection established (one round trip)")
            .publishPercentiles(0.5, 0.99)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
  }

  /** Counts bytes/reads/writes; shared by every channel of the run. */
  public TrafficMetricsHandler traffic() {
    return traffic;
  }

  @Override
  public void opened() {
    accepted.increment();
  }

  @Override
  public void closed() {
    closed.increment();
  }

  public Timer connectTime() {
    return connectTime;
  }
}
