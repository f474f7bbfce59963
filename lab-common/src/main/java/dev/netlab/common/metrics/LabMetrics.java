package dev.netlab.common.metrics;

import com.sun.net.httpserver.HttpServer;
import dev.netlab.common.base.LabException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Micrometer registry per run. Labs register meters named {@code netlab.<lab>.<what>} with
 * bounded tags (never a remote address); at the end the run prints them as a table or as JSON
 * fields, and a server can expose them for Prometheus while it runs.
 */
public final class LabMetrics implements AutoCloseable {
  /** Prefix of every meter; dropped in the summary and in JSON field names. */
  public static final String PREFIX = "netlab.";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private HttpServer scrapeServer;

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Serves the Prometheus text format on {@code http://127.0.0.1:port/metrics} until {@link
   * #close()}.
   *
   * @return the bound address (port 0 picks a free port)
   */
  public InetSocketAddress serve(int port) {
    try {
      scrapeServer =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (BindException e) {
      throw LabException.runtime(
          "cannot serve metrics on 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "): pick another --metrics-port");
    } catch (IOException e) {
      throw new LabException(LabException.RUNTIME, "cannot serve metrics: " + e.getMessage(), e);
    }
    scrapeServer.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
          }
        });
    scrapeServer.start();
    return scrapeServer.getAddress();
  }

  /** The meters as stable snake_case JSON fields: timers and summaries become objects. */
  public Map<String, Object> toJson() {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Meter meter : sorted()) {
      String key = jsonKey(meter);
      if (meter instanceof Timer t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", t.count());
        m.put("mean_ms", round(t.mean(TimeUnit.MILLISECONDS)));
        m.put("max_ms", round(t.max(TimeUnit.MILLISECONDS)));
        for (ValueAtPercentile p : t.takeSnapshot().percentileValues()) {
          m.put(percentileKey(p.percentile()) + "_ms", round(p.value(TimeUnit.MILLISECONDS)));
        }
        fields.put(key, m);
      } else if (meter instanceof DistributionSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("mean", round(s.mean()));
        m.put("max", round(s.max()));
        fields.put(key, m);
      } else {
        fields.put(key, number(meter.measure().iterator().next().getValue()));
      }
    }
    return fields;
  }

  /** The meters as a table for people, one line each. */
  /**
   * Whether any counter, timer or distribution counted something (gauges aside): false for a run
   * that failed before its first packet, such as a server that could not bind.
   */
  public boolean countedAnything() {
    for (Meter meter : sorted()) {
      if (meter instanceof Gauge) {
        continue;
      }
      for (var m : meter.measure()) {
        if (m.getValue() != 0 && !Double.isNaN(m.getValue())) {
          return true;
        }
      }
    }
    return false;
  }

  public List<String> summaryTable() {
    List<String> lines = new ArrayList<>();
    List<Meter> meters = sorted();
    if (meters.isEmpty()) {
      return lines;
    }
    lines.add(String.format("%-34s %s", "metric", "value"));
    for (Meter meter : meters) {
      String name = displayName(meter);
      String value;
      if (meter instanceof Timer t && t.count() == 0) {
        continue; // a meter this side never used, such as connect time on a server
      }
      if (meter instanceof Timer t) {
        StringBuilder sb =
            new StringBuilder(
                String.format(
                    Locale.ROOT,
                    "count=%d mean=%.3fms max=%.3fms",
                    t.count(),
                    t.mean(TimeUnit.MILLISECONDS),
                    t.max(TimeUnit.MILLISECONDS)));
        for (ValueAtPercentile p : t.takeSnapshot().percentileValues()) {
          sb.append(
              String.format(
                  Locale.ROOT,
                  " %s=%.3fms",
                  percentileKey(p.percentile()),
                  p.value(TimeUnit.MILLISECONDS)));
        }
        value = sb.toString();
      } else if (meter instanceof DistributionSummary s) {
        value =
            String.format(Locale.ROOT, "count=%d mean=%.1f max=%.1f", s.count(), s.mean(), s.max());
      } else if (meter instanceof Counter
          || meter instanceof FunctionCounter
          || meter instanceof Gauge) {
        value = String.format(Locale.ROOT, "%,.0f", meter.measure().iterator().next().getValue());
      } else {
        value = String.valueOf(meter.measure());
      }
      lines.add(String.format("%-34s %s", name, value));
    }
    return lines;
  }

  private List<Meter> sorted() {
    List<Meter> meters = new ArrayList<>(registry.getMeters());
    meters.removeIf(m -> !m.getId().getName().startsWith(PREFIX));
    meters.sort(Comparator.comparing(LabMetrics::displayName));
    return meters;
  }

  private static String displayName(Meter meter) {
    StringBuilder sb = new StringBuilder(meter.getId().getName().substring(PREFIX.length()));
    List<Tag> tags = meter.getId().getTags();
    if (!tags.isEmpty()) {
      sb.append('{');
      for (int i = 0; i < tags.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(tags.get(i).getKey()).append('=').append(tags.get(i).getValue());
      }
      sb.append('}');
    }
    return sb.toString();
  }

  /** {@code netlab.tcp.bytes{direction=read}} becomes {@code tcp_bytes_read}. */
  static String jsonKey(Meter meter) {
    StringBuilder sb = new StringBuilder(meter.getId().getName().substring(PREFIX.length()));
    for (Tag tag : meter.getId().getTags()) {
      sb.append('_').append(tag.getValue());
    }
    return sb.toString().replaceAll("[^A-Za-z0-9]+", "_").toLowerCase(Locale.ROOT);
  }

  /** Percentile labels without trailing zeros: 0.5 -> "p50", 0.999 -> "p99_9". */
  private static String percentileKey(double percentile) {
    return "p"
        + new BigDecimal(Double.toString(percentile * 100))
            .stripTrailingZeros()
            .toPlainString()
            .replace('.', '_');
  }

  private static Object number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value : value;
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }

  @Override
  public void close() {
    if (scrapeServer != null) {
      scrapeServer.stop(0);
    }
    registry.close();
  }
}
