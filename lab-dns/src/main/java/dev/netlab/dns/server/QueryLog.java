package dev.netlab.dns.server;

import dev.netlab.common.base.Console;
import dev.netlab.common.net.Sockets;
import java.net.InetSocketAddress;

/**
 * One line per query (client, transport, name, type, rcode, answer count, microseconds) and the
 * meters. {@code --quiet} keeps the meters and drops the lines.
 */
public final class QueryLog {
  private final Console console;
  private final DnsMetrics metrics;
  private final boolean lines;

  public QueryLog(Console console, DnsMetrics metrics, boolean lines) {
    this.console = console;
    this.metrics = metrics;
    this.lines = lines;
  }

  /** Records one query that arrived at {@code startNanos} (System.nanoTime). */
  public void record(InetSocketAddress client, String transport, Reply reply, long startNanos) {
    long nanos = System.nanoTime() - startNanos;
    metrics.query(reply, transport, nanos);
    if (lines) {
      console.say(
          "%s %s %s %s %s answers=%d%s %dus",
          Sockets.hostPort(client),
          transport,
          reply.name(),
          reply.type(),
          reply.rcode(),
          reply.answers(),
          reply.truncated() ? " TC" : "",
          nanos / 1_000);
    }
  }

  public DnsMetrics metrics() {
    return metrics;
  }
}
