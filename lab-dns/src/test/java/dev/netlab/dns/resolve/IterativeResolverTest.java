package dev.netlab.dns.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.dns.hierarchy.Hierarchy;
import dev.netlab.dns.resolve.Step.Outcome;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The iterative resolver against the toy hierarchy: every kind of name, the cache, the limits. */
@Timeout(30)
class IterativeResolverTest {
  @RegisterExtension final HierarchyFixture fixture = new HierarchyFixture();
  @TempDir Path dir;

  private Hierarchy hierarchy;
  private final TestClock clock = new TestClock();
  private ResolverCache cache;
  private IterativeResolver resolver;

  @BeforeEach
  void start() throws Exception {
    hierarchy = fixture.start(dir);
    cache = ResolverCache.inMemory(clock);
    resolver = new IterativeResolver(hierarchy.rootHints(), cache);
  }

  private Resolution resolve(String name, int type) throws Exception {
    return resolver.resolve(Name.fromString(name), type);
  }

  private static List<String> rdata(Resolution r) {
    return r.answer().stream()
        .map(x -> Type.string(x.getType()) + " " + x.rdataToString())
        .toList();
  }

  private static List<Outcome> outcomes(Resolution r) {
    return r.steps().stream().map(Step::outcome).toList();
  }

  @Test
  void followsReferralsWithGlueFromTheRootToTheAnswer() throws Exception {
    Resolution r = resolve("www.shop.test.", Type.A);
    assertThat(r.failure()).isNull();
    assertThat(r.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(rdata(r)).containsExactly("A 192.0.2.80");
    assertThat(outcomes(r)).containsExactly(Outcome.REFERRAL, Outcome.REFERRAL, Outcome.ANSWER);
    Step shop = r.steps().get(1);
    assertThat(shop.server()).isEqualTo("ns1.nic.test. (127.53.1.1)");
    assertThat(shop.summary()).isEqualTo("referral to shop.test.");
    assertThat(shop.glue())
        .singleElement()
        .asString()
        .contains("ns1.shop.test.")
        .contains("127.53.10.1");
    assertThat(r.steps().get(2).server()).isEqualTo("ns1.shop.test. (127.53.10.1)");
  }

  @Test
  void looksUpTheAddressOfAGluelessServerFirst() throws Exception {
    Resolution r = resolve("www.blog.test.", Type.A);
    assertThat(r.failure()).isNull();
    assertThat(rdata(r)).containsExactly("A 192.0.2.120");
    assertThat(r.steps().get(1).summary()).isEqualTo("referral to blog.test., no glue");
    assertThat(r.steps().get(2).outcome()).isEqualTo(Outcome.LOOKUP);
    assertThat(r.steps().get(2).summary()).contains("ns.hosting.example.");
    // the look-up walks from the root again, one level deeper
    assertThat(r.steps().stream().filter(s -> s.depth() == 1).map(Step::outcome))
        .containsExactly(Outcome.REFERRAL, Outcome.REFERRAL, Outcome.ANSWER);
    Step last = r.steps().get(r.steps().size() - 1);
    assertThat(last.server()).isEqualTo("ns.hosting.example. (127.53.20.1)");
    assertThat(last.outcome()).isEqualTo(Outcome.ANSWER);
  }

  @Test
  void followsACnameIntoAnotherZone() throws Exception {
    Resolution r = resolve("cdn.shop.test.", Type.A);
    assertThat(r.failure()).isNull();
    assertThat(rdata(r)).containsExactly("CNAME www.hosting.example.", "A 192.0.2.100");
    assertThat(outcomes(r)).contains(Outcome.CNAME).endsWith(Outcome.ANSWER);
  }

  @Test
  void nxdomainIsAnAnswerWithTheZonesSoa() throws Exception {
    Resolution r = resolve("nope.shop.test.", Type.A);
    assertThat(r.answered()).isTrue();
    assertThat(r.status()).isEqualTo("NXDOMAIN");
    assertThat(r.authority())
        .singleElement()
        .satisfies(
            soa -> {
              assertThat(soa.getName()).hasToString("shop.test.");
              assertThat(soa.getTTL()).isEqualTo(60);
            });
    assertThat(outcomes(r)).endsWith(Outcome.NXDOMAIN);
  }

  @Test
  void nodataIsNoerrorWithoutRecords() throws Exception {
    Resolution r = resolve("www.shop.test.", Type.MX);
    assertThat(r.status()).isEqualTo("NOERROR");
    assertThat(r.answer()).isEmpty();
    assertThat(outcomes(r)).endsWith(Outcome.NODATA);
    assertThat(r.lines()).contains(";; www.shop.test. MX: NODATA");
  }

  @Test
  void aSecondResolveIsAnsweredFromTheCacheWithTheTtlLeft() throws Exception {
    resolve("www.shop.test.", Type.A);
    clock.advance(Duration.ofSeconds(100));
    Resolution r = resolve("www.shop.test.", Type.A);
    assertThat(outcomes(r)).containsExactly(Outcome.CACHED_ANSWER);
    assertThat(r.answer()).singleElement().extracting(Record::getTTL).isEqualTo(200L);
    assertThat(r.steps().get(0).summary()).isEqualTo("answer from the cache, expires in 200 s");
  }

  @Test
  void anExpiredAnswerIsAskedAgainFromTheCachedReferral() throws Exception {
    resolve("www.shop.test.", Type.A);
    clock.advance(Duration.ofSeconds(301));
    Resolution r = resolve("www.shop.test.", Type.A);
    // the answer's 300 s ran out; the referral to shop.test (3600 s) still holds
    assertThat(outcomes(r)).containsExactly(Outcome.CACHED_REFERRAL, Outcome.ANSWER);
    clock.advance(Duration.ofSeconds(3600));
    // shop.test's referral ran out too; the root's referral to test. (86400 s) still holds
    Resolution later = resolve("www.shop.test.", Type.A);
    assertThat(outcomes(later))
        .containsExactly(Outcome.CACHED_REFERRAL, Outcome.REFERRAL, Outcome.ANSWER);
    assertThat(later.steps().get(0).summary()).startsWith("cached referral to test.");
  }

  @Test
  void aNegativeAnswerIsCachedForTheSoasNegativeTtl() throws Exception {
    resolve("nope.shop.test.", Type.A);
    clock.advance(Duration.ofSeconds(59));
    Resolution cached = resolve("nope.shop.test.", Type.AAAA);
    assertThat(outcomes(cached)).containsExactly(Outcome.CACHED_NXDOMAIN);
    assertThat(cached.status()).isEqualTo("NXDOMAIN");
    clock.advance(Duration.ofSeconds(2));
    assertThat(outcomes(resolve("nope.shop.test.", Type.A)))
        .containsExactly(Outcome.CACHED_REFERRAL, Outcome.NXDOMAIN);
  }

  @Test
  void aCachedCnameIsFollowedFromTheCache() throws Exception {
    resolve("cdn.shop.test.", Type.A);
    Resolution r = resolve("cdn.shop.test.", Type.A);
    assertThat(outcomes(r)).containsExactly(Outcome.CACHED_ANSWER, Outcome.CACHED_ANSWER);
    assertThat(rdata(r)).containsExactly("CNAME www.hosting.example.", "A 192.0.2.100");
    assertThat(r.steps().stream().map(Step::question))
        .containsExactly("cdn.shop.test. A", "www.hosting.example. A");
  }

  @Test
  void cnameLoopsEndWithTheLoopNamed() throws Exception {
    hierarchy.close();
    Path zones = dir.resolve("loops");
    Files.createDirectories(zones);
    try (var in = Hierarchy.class.getResourceAsStream("/dev/netlab/dns/hierarchy/shop.test.zone")) {
      Files.writeString(
          zones.resolve("shop.test.zone"),
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
              + "self IN CNAME self\nping IN CNAME pong\npong IN CNAME ping\n");
    }
    hierarchy = fixture.start(zones);
    resolver = new IterativeResolver(hierarchy.rootHints(), cache);
    Resolution self = resolve("self.shop.test.", Type.A);
    assertThat(self.answered()).isFalse();
    assertThat(self.failure()).startsWith("CNAME loop: self.shop.test. -> self.shop.test.");
    Resolution two = resolve("ping.shop.test.", Type.A);
    assertThat(two.failure())
        .startsWith("CNAME loop: ping.shop.test. -> pong.shop.test. -> ping.shop.test.");
    // from the cache the loop is found too
    Resolution again = resolve("pong.shop.test.", Type.A);
    assertThat(again.failure())
        .startsWith("CNAME loop: pong.shop.test. -> ping.shop.test. -> pong.shop.test.");
  }

  @Test
  void anEditedAddressIsSeenOnceItsTtlRanOut() throws Exception {
    assertThat(rdata(resolve("api.shop.test.", Type.A))).containsExactly("A 192.0.2.10");
    Path zone = dir.resolve("shop.test.zone");
    Files.writeString(
        zone,
        Files.readString(zone)
            .replace("192.0.2.10", "192.0.2.11")
            .replace("2026112501", "2026112502"));
    assertThat(hierarchy.reloadChanged()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(rdata(resolve("api.shop.test.", Type.A))).containsExactly("A 192.0.2.10");
    clock.advance(Duration.ofSeconds(6));
    assertThat(rdata(resolve("api.shop.test.", Type.A))).containsExactly("A 192.0.2.11");
  }

  @Test
  void theCacheFileCarriesEntriesToTheNextRun() throws Exception {
    Path file = dir.resolve("cache.json");
    ResolverCache first = ResolverCache.load(file, "scope", clock);
    new IterativeResolver(hierarchy.rootHints(), first)
        .resolve(Name.fromString("www.blog.test."), Type.A);
    first.save();
    clock.advance(Duration.ofSeconds(10));
    ResolverCache second = ResolverCache.load(file, "scope", clock);
    Resolution r =
        new IterativeResolver(hierarchy.rootHints(), second)
            .resolve(Name.fromString("www.blog.test."), Type.A);
    assertThat(outcomes(r)).containsExactly(Outcome.CACHED_ANSWER);
    assertThat(r.answer()).singleElement().extracting(Record::getTTL).isEqualTo(290L);
    assertThat(ResolverCache.load(file, "other hints", clock).size()).isZero();
  }

  @Test
  void aLameDelegationEndsWithOneSentence() throws Exception {
    Resolution r = resolve("www.lame.test.", Type.A);
    assertThat(r.answered()).isFalse();
    assertThat(r.failure())
        .startsWith("lame delegation: no server of lame.test. answers for it")
        .contains("127.53.10.1")
        .contains("REFUSED");
    assertThat(outcomes(r)).endsWith(Outcome.LAME);
  }

  @Test
  void aReferralLoopIsDetected() throws Exception {
    Resolution r = resolve("www.loop.test.", Type.A);
    assertThat(r.answered()).isFalse();
    assertThat(r.failure())
        .startsWith(
            "referral loop: the address of ns.loop.example. is needed to find itself"
                + " (ns.loop.example. -> ns.loop.test. -> ns.loop.example.)");
    assertThat(r.steps()).hasSizeLessThan(15);
  }

  @Test
  void missingGlueThatCannotBeFoundEndsTheWalk() throws Exception {
    Resolution r = resolve("www.broken.test.", Type.A);
    assertThat(r.answered()).isFalse();
    assertThat(r.failure())
        .isEqualTo(
            "missing glue: broken.test. is served by ns1.broken.test., a name inside broken.test."
                + " itself, and the referral gave no address for it");
  }

  @Test
  void aSilentRootEndsWithinTheTimeLimit() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      RootHints hints =
          new RootHints(
              List.of(new RootHints.Hint(Name.fromString("a.root."), silent.getLocalAddress())),
              silent.getLocalPort());
      IterativeResolver.Limits limits =
          new IterativeResolver.Limits(30, 4, 8, Duration.ofMillis(600), Duration.ofMillis(200));
      long start = System.nanoTime();
      Resolution r =
          new IterativeResolver(hints, cache, limits)
              .resolve(Name.fromString("www.shop.test."), Type.A);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(r.answered()).isFalse();
      assertThat(r.failure())
          .startsWith("no response: no server of . answered")
          .doesNotContain("lame");
      assertThat(outcomes(r)).containsExactly(Outcome.NO_RESPONSE);
    }
  }

  @Test
  void theStepLimitStopsALongWalk() throws Exception {
    IterativeResolver.Limits limits =
        new IterativeResolver.Limits(2, 4, 8, Duration.ofSeconds(5), Duration.ofSeconds(1));
    Resolution r =
        new IterativeResolver(hierarchy.rootHints(), cache, limits)
            .resolve(Name.fromString("www.shop.test."), Type.A);
    assertThat(r.failure())
        .isEqualTo(
            "step limit reached: gave up after 2 steps without an answer: raise --max-steps"
                + " (default 30)");
  }

  @Test
  void aPortNobodyListensOnIsSaidSoAtOnce() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RootHints hints =
        new RootHints(
            List.of(
                new RootHints.Hint(Name.fromString("a.root."), InetAddress.getLoopbackAddress())),
            port);
    Resolution r =
        new IterativeResolver(hints, cache).resolve(Name.fromString("www.shop.test."), Type.A);
    assertThat(r.steps().get(0).summary())
        .isEqualTo("nobody answered at 127.0.0.1:" + port + " (port unreachable)");
    assertThat(r.failure())
        .isEqualTo(
            "no response: no server of . answered (a.root. (127.0.0.1): port "
                + port
                + " unreachable): is 'lab dns hierarchy' running on port "
                + port
                + "?");
  }

  @Test
  void everyStepPrintsLikeDigTrace() throws Exception {
    Resolution r = resolve("www.shop.test.", Type.A);
    String text = String.join("\n", r.lines());
    assertThat(text)
        .containsPattern(
            ";; www\\.shop\\.test\\. A @a\\.root-servers\\.test\\. \\(127\\.53\\.0\\.1\\) \\[zone"
                + " \\.\\]: referral to test\\. \\(\\d+\\.\\d ms\\)")
        .contains("shop.test.\t\t3600\tIN\tNS\tns1.shop.test.")
        .contains("ns1.shop.test.\t\t3600\tIN\tA\t127.53.10.1\t; glue")
        .contains(";; www.shop.test. A: NOERROR\nwww.shop.test.\t\t300\tIN\tA\t192.0.2.80")
        .containsPattern(";; 3 steps \\(0 from the cache\\) in \\d+\\.\\d ms");
  }
}
