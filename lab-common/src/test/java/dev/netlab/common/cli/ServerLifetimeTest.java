package dev.netlab.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerLifetimeTest {
  @Test
  void onceLingersBeforeItStops() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    long start = System.nanoTime();
    ServerLifetime.stopAfterLinger(stopped);
    assertThat(stopped.getCount()).as("still serving right after the exchange").isEqualTo(1);
    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(ServerLifetime.ONCE_LINGER);
  }
}
