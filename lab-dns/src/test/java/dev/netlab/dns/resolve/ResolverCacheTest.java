package dev.netlab.dns.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** The resolver's cache: TTL caps and what a run learned itself. */
@Timeout(10)
class ResolverCacheTest {
  private final TestClock clock = new TestClock();
  private final ResolverCache cache = ResolverCache.inMemory(clock);

  @Test
  void longTtlsAreCappedLikeUnboundsCacheMaxTtl() throws Exception {
    Name www = Name.fromString("www.shop.test.");
    cache.putRRset(
        List.of(
            new ARecord(www, DClass.IN, 7 * 86_400, java.net.InetAddress.getByName("192.0.2.1"))),
        ResolverCache.Kind.RRSET);
    assertThat(cache.secondsLeft(cache.answer(www, Type.A))).isEqualTo(86_400);
    Name soaName = Name.fromString("shop.test.");
    Name nope = Name.fromString("nope.shop.test.");
    cache.putNegative(
        nope,
        Type.A,
        ResolverCache.Kind.NXDOMAIN,
        new SOARecord(soaName, DClass.IN, 86_400, soaName, soaName, 1, 3600, 600, 86_400, 86_400));
    assertThat(cache.secondsLeft(cache.answer(nope, Type.A))).isEqualTo(3_600);
  }

  @Test
  void entriesPutAfterAMarkAreTold() throws Exception {
    Name a = Name.fromString("a.test.");
    Name b = Name.fromString("b.test.");
    var addr = java.net.InetAddress.getByName("192.0.2.1");
    cache.putRRset(List.of(new ARecord(a, DClass.IN, 60, addr)), ResolverCache.Kind.RRSET);
    long mark = cache.mark();
    cache.putRRset(List.of(new ARecord(b, DClass.IN, 60, addr)), ResolverCache.Kind.RRSET);
    assertThat(cache.learnedAfter(cache.answer(a, Type.A), mark)).isFalse();
    assertThat(cache.learnedAfter(cache.answer(b, Type.A), mark)).isTrue();
  }
}
