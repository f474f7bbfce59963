package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.Console;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The query log's lines. */
@Timeout(10)
class QueryLogTest {
  @Test
  void aLogSharedByServersNamesTheServerThatAnswered() {
    StringWriter out = new StringWriter();
    Console console =
        new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter()), false);
    QueryLog log =
        new QueryLog(console, new DnsMetrics(new SimpleMeterRegistry()), true)
            .forServer("127.53.10.1");
    log.record(
        new InetSocketAddress("127.0.0.1", 40000),
        "udp",
        new Reply(new byte[12], "www.shop.test.", "A", "NOERROR", 1, false, List.of()),
        System.nanoTime());
    assertThat(out.toString())
        .startsWith("127.53.10.1 <- 127.0.0.1:40000 udp www.shop.test. A NOERROR answers=1 ");
  }
}
