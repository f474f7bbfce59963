package dev.netlab.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LabMetricsTest {
  @Test
  void jsonKeysAreSnakeCaseWithTagValues() {
    try (LabMetrics m = new LabMetrics()) {
      Counter.builder("netlab.tcp.bytes")
          .tag("direction", "read")
          .register(m.registry())
          .increment(42);
      Timer.builder("netlab.tcp.connect.time")
          .publishPercentiles(0.5, 0.99)
          .register(m.registry())
          .record(Duration.ofMillis(3));
      Map<String, Object> json = m.toJson();
      assertThat(json).containsEntry("tcp_bytes_read", 42L);
      @SuppressWarnings("unchecked")
      Map<String, Object> timer = (Map<String, Object>) json.get("tcp_connect_time");
      assertThat(timer).containsEntry("count", 1L).containsKeys("mean_ms", "p50_ms", "p99_ms");
      assertThat(m.summaryTable()).anyMatch(l -> l.startsWith("tcp.bytes{direction=read}"));
    }
  }

  @Test
  @Timeout(10)
  void servesPrometheusTextWhileRunning() throws IOException, InterruptedException {
    try (LabMetrics m = new LabMetrics()) {
      Counter.builder("netlab.demo.events").register(m.registry()).increment();
      var address = m.serve(0);
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + address.getPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("netlab_demo_events_total 1.0");
    }
  }
}
