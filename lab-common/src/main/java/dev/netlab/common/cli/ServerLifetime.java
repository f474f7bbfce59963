package dev.netlab.common.cli;

import dev.netlab.common.net.LabServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a server in the foreground until Ctrl-C (or {@code --time}), then prints the run's summary
 * before the JVM exits.
 */
public final class ServerLifetime {
  /** How long the shutdown hook waits for the summary to be printed. */
  static final Duration SUMMARY_WAIT = Duration.ofSeconds(3);

  /**
   * How long a server told to stop after one exchange ({@code --once}) keeps serving: its last
   * answer (a FIN-ACK, a report) may be lost, and the peer then asks again. TCP's TIME-WAIT keeps a
   * closed connection's last ACK repeatable in the same way.
   */
  public static final Duration ONCE_LINGER = Duration.ofSeconds(1);

  private ServerLifetime() {}

  /** Counts {@code stopped} down after {@link #ONCE_LINGER}; returns at once. */
  public static void stopAfterLinger(CountDownLatch stopped) {
    CompletableFuture.delayedExecutor(ONCE_LINGER.toMillis(), TimeUnit.MILLISECONDS)
        .execute(stopped::countDown);
  }

  /**
   * @param time stop after this long; null runs until interrupted
   * @param stopped completes early when the server is done by itself (e.g. {@code --once})
   */
  public static void serve(LabServer server, LabRun run, Duration time, CountDownLatch stopped)
      throws InterruptedException {
    serve(server, run, time, stopped, () -> {});
  }

  /**
   * @param afterStop runs after the server stopped and before the summary is printed: the place to
   *     add final figures to the run
   */
  public static void serve(
      LabServer server, LabRun run, Duration time, CountDownLatch stopped, Runnable afterStop)
      throws InterruptedException {
    CountDownLatch printed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stopped.countDown();
              try {
                printed.await(SUMMARY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "netlab-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (time == null) {
        stopped.await();
      } else {
        stopped.await(time.toNanos(), TimeUnit.NANOSECONDS);
      }
      server.close();
      afterStop.run();
      run.finish();
    } finally {
      printed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running: it is waiting for 'printed', which is now counted down
      }
    }
  }
}
