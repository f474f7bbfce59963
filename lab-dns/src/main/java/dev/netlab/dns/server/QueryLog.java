package dev.netlab.dns.server;

import dev.netlab.common.base.Console;
import dev.netlab.common.net.Sockets;
import io.micrometer.core.instrument.Counter;
import java.net.InetSocketAddress;

/**
 * One line per query (client, transport, name, type, rcode, answer count, microseconds) and the
 * meters. {@code --quiet} keeps the meters and drops the lines. Over UDP the lines of one read
 * batch go out in one write ({@link #flush}): a write and a flush per query would cost more than
 * the answer.
 */
public final class QueryLog {
  private final Console console;
  private final DnsMetrics metrics;
  private final boolean lines;

  /** Starts each line: which server answered, where several servers share one console. */
  private final String prefix;

  public QueryLog(Console console, DnsMetrics metrics, boolean lines) {
    this(console, metrics, lines, "");
  }

  private QueryLog(Console console, DnsMetrics metrics, boolean lines, String prefix) {
    this.console = console;
    this.metrics = metrics;
    this.lines = lines;
    this.prefix = prefix;
  }

  /**
   * This log for one of several servers printing to one console: its lines start with {@code
   * server} ("127.53.10.1 <- 127.0.0.1:40000 udp ..."); the meters are shared.
   */
  public QueryLog forServer(String server) {
    return new QueryLog(console, metrics, lines, server + " <- ");
  }

  /** Records one query that arrived at {@code startNanos} (System.nanoTime); its line at once. */
  public void record(InetSocketAddress client, String transport, Reply reply, long startNanos) {
    long nanos = System.nanoTime() - startNanos;
    metrics.query(reply, transport, nanos);
    if (lines) {
      StringBuilder line = new StringBuilder();
      line(line, client, transport, reply.name(), reply, nanos);
      console.say(line.toString());
    }
  }

  /**
   * Records one UDP query counted on {@code queries}; its line, if any, is added to {@code batch}.
   *
   * @param name the question's name as asked (the cached reply may hold another spelling)
   */
  void record(
      InetSocketAddress client,
      Reply reply,
      Counter queries,
      String name,
      long startNanos,
      StringBuilder batch) {
    long nanos = System.nanoTime() - startNanos;
    metrics.query(queries, reply, nanos);
    if (lines) {
      if (batch.length() > 0) {
        batch.append('\n');
      }
      line(batch, client, "udp", name, reply, nanos);
    }
  }

  /** Prints the lines in {@code batch} and empties it. */
  void flush(StringBuilder batch) {
    if (batch.length() > 0) {
      console.say(batch.toString());
      batch.setLength(0);
    }
  }

  /** Whether lines are printed: when not, nobody needs the name as text. */
  boolean lines() {
    return lines;
  }

  private void line(
      StringBuilder out,
      InetSocketAddress client,
      String transport,
      String name,
      Reply reply,
      long nanos) {
    out.append(prefix)
        .append(Sockets.hostPort(client))
        .append(' ')
        .append(transport)
        .append(' ')
        .append(name)
        .append(' ')
        .append(reply.type())
        .append(' ')
        .append(reply.rcode())
        .append(" answers=")
        .append(reply.answers())
        .append(reply.truncated() ? " TC" : "")
        .append(' ')
        .append(nanos / 1_000)
        .append("us");
  }

  public DnsMetrics metrics() {
    return metrics;
  }
}
