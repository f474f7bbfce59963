package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The lookup with a parent and its delegated child both served by one server. */
@Timeout(30)
class AuthorityTest {
  private static ZoneData zone(String text) throws Exception {
    return ZoneFiles.parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.zone", null);
  }

  private final Authority authority;

  AuthorityTest() throws Exception {
    ZoneData parent =
        zone(
            "$ORIGIN p.test.\n$TTL 60\n@ SOA ns h 1 3600 600 86400 30\n@ NS ns\nns A 192.0.2.1\n"
                + "c NS ns.c\nns.c A 192.0.2.2\nto-child CNAME www.c\nloop CNAME loop2\n"
                + "loop2 CNAME loop\n");
    ZoneData child =
        zone(
            "$ORIGIN c.p.test.\n$TTL 60\n@ SOA ns h 1 3600 600 86400 30\n@ NS ns\n"
                + "ns A 192.0.2.2\nwww A 192.0.2.80\n");
    authority = new Authority(new Zones(List.of(parent, child)));
  }

  private static List<String> texts(List<RRset> sets) {
    return sets.stream()
        .flatMap(s -> s.rrs(false).stream())
        .map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString())
        .toList();
  }

  @Test
  void aNameInTheChildIsAnsweredFromTheChildNotReferred() throws Exception {
    Answer a = authority.lookup(Name.fromString("www.c.p.test."), Type.A);
    assertThat(a.authoritative()).isTrue();
    assertThat(texts(a.answer())).containsExactly("www.c.p.test. A 192.0.2.80");
  }

  @Test
  void aCnameIntoTheChildIsFollowedIntoIt() throws Exception {
    Answer a = authority.lookup(Name.fromString("to-child.p.test."), Type.A);
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(texts(a.answer()))
        .containsExactly("to-child.p.test. CNAME www.c.p.test.", "www.c.p.test. A 192.0.2.80");
  }

  @Test
  void aCnameLoopEndsWithEachCnameOnce() throws Exception {
    Answer a = authority.lookup(Name.fromString("loop.p.test."), Type.A);
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(texts(a.answer()))
        .containsExactly("loop.p.test. CNAME loop2.p.test.", "loop2.p.test. CNAME loop.p.test.");
  }
}
