package dev.netlab.dns.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.transport.Transport;
import dev.netlab.dns.hierarchy.Hierarchy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * {@code --one-address}: the hierarchy on 127.0.0.1 alone, a port per server (for a loopback with
 * one address, as outside Linux), and the resolver translating the zones' 127.53.x.y to them.
 */
@Timeout(30)
class OneAddressTest {
  @TempDir Path dir;

  @Test
  void everyServerListensOn127001AndTheWalkCrossesThemAll() throws Exception {
    try (Hierarchy h = Hierarchy.start(dir, 0, LabRun.quiet(Transport.best()), false, true)) {
      Set<InetAddress> addresses =
          h.servers().stream().map(s -> s.address().getAddress()).collect(Collectors.toSet());
      assertThat(addresses).containsExactly(InetAddress.getByName("127.0.0.1"));
      assertThat(h.servers().stream().map(s -> s.address().getPort()).distinct().count())
          .isEqualTo(Hierarchy.SERVERS.size());
      IterativeResolver resolver =
          new IterativeResolver(h.rootHints(), ResolverCache.inMemory(Clock.systemUTC()));
      // glueless: the walk goes root -> test. -> (root -> example. -> hosting.example) -> blog.test
      Resolution r = resolver.resolve(Name.fromString("www.blog.test."), Type.A);
      assertThat(r.failure()).isNull();
      assertThat(r.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(r.answer()).extracting(x -> x.rdataToString()).containsExactly("192.0.2.120");
    }
  }

  @Test
  void withoutTheTranslationTheResolverFindsNobody() throws Exception {
    try (Hierarchy h = Hierarchy.start(dir, 0, LabRun.quiet(Transport.best()), false, true)) {
      RootHints plain = new RootHints(h.rootHints().servers(), h.port());
      Resolution r =
          new IterativeResolver(plain, ResolverCache.inMemory(Clock.systemUTC()))
              .resolve(Name.fromString("www.shop.test."), Type.A);
      assertThat(r.failure()).contains("127.53.0.1", "unreachable");
    }
  }

  @Test
  void theTranslationOfAPortIsServerIAtPortPlusI() {
    Map<InetAddress, InetSocketAddress> t = Hierarchy.oneAddressTranslation(20_000);
    for (int i = 0; i < Hierarchy.SERVERS.size(); i++) {
      InetSocketAddress to = t.get(hostAddress(Hierarchy.SERVERS.get(i).address()));
      assertThat(to.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(to.getPort()).isEqualTo(20_000 + i);
    }
  }

  private static InetAddress hostAddress(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
