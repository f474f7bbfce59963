package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** dnsjava's resolver against the server: one test per kind of answer of RFC 1034 4.3.2. */
@Timeout(30)
class DnsServerTest {
  final DnsServerFixture dns = new DnsServerFixture();

  @RegisterExtension final Object server = dns.server;

  private static List<String> answers(Message m) {
    return m.getSection(Section.ANSWER).stream().map(r -> r.rdataToString()).toList();
  }

  private static void assertNegative(Message m, int rcode) {
    assertThat(m.getRcode()).as(m.toString()).isEqualTo(rcode);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
    List<Record> auth = m.getSection(Section.AUTHORITY);
    assertThat(auth).hasSize(1);
    SOARecord soa = (SOARecord) auth.get(0);
    assertThat(soa.getName()).isEqualTo(Name.fromConstantString("lab.test."));
    // RFC 2308 section 3: min(SOA TTL 300, SOA minimum 60)
    assertThat(soa.getTTL()).isEqualTo(60);
  }

  @Test
  void aNameInTheZoneIsAnsweredAuthoritativelyWithoutRecursionAvailable() throws Exception {
    Message m = dns.ask("www.lab.test.", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.RA)).isFalse();
    assertThat(answers(m)).containsExactly("192.0.2.10");
    assertThat(m.getOPT()).as("EDNS query, EDNS answer").isNotNull();
  }

  @Test
  void theQuestionsCaseComesBackAsAsked() throws Exception {
    Message m = dns.ask("WwW.LaB.tEsT.", Type.A);
    assertThat(m.getQuestion().getName().toString()).isEqualTo("WwW.LaB.tEsT.");
    assertThat(m.getSection(Section.ANSWER).get(0).getName().toString()).isEqualTo("WwW.LaB.tEsT.");
  }

  @Test
  void aNameThatDoesNotExistIsNxdomainWithTheSoaAndTheNegativeTtl() throws Exception {
    assertNegative(dns.ask("nope.lab.test.", Type.A), Rcode.NXDOMAIN);
  }

  @Test
  void aTypeTheNameLacksIsNodata() throws Exception {
    assertNegative(dns.ask("www.lab.test.", Type.MX), Rcode.NOERROR);
  }

  @Test
  void anUnknownTypeIsNodataNotAnError() throws Exception {
    assertNegative(dns.ask("www.lab.test.", 65_280), Rcode.NOERROR);
  }

  @Test
  void emptyNonTerminalsExistAndAreNodata() throws Exception {
    assertNegative(dns.ask("ent.lab.test.", Type.A), Rcode.NOERROR);
    assertNegative(dns.ask("b.ent.lab.test.", Type.A), Rcode.NOERROR);
    assertThat(answers(dns.ask("a.b.ent.lab.test.", Type.A))).containsExactly("192.0.2.20");
  }

  @Test
  void aCnameChainIsFollowedWithinTheZone() throws Exception {
    Message m = dns.ask("chain.lab.test.", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER))
        .extracting(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString())
        .containsExactly(
            "chain.lab.test. CNAME alias.lab.test.",
            "alias.lab.test. CNAME www.lab.test.",
            "www.lab.test. A 192.0.2.10");
  }

  @Test
  void aCnameIntoAnotherZoneOfTheServerIsFollowedThere() throws Exception {
    Message m = dns.ask("outside.lab.test.", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(answers(m)).containsExactly("www.example.test.", "198.51.100.80");
  }

  @Test
  void aCnameOutOfEveryServedZoneIsNotFollowed() throws Exception {
    Message m = dns.ask("elsewhere.lab.test.", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(answers(m)).containsExactly("www.example.org.");
  }

  @Test
  void theApexNsComeWithTheAddressesOfTheServersInTheZone() throws Exception {
    Message m = dns.ask("lab.test.", Type.NS);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(answers(m)).containsExactlyInAnyOrder("ns1.lab.test.", "ns2.lab.test.");
    assertThat(m.getSection(Section.ADDITIONAL))
        .filteredOn(r -> r.getType() == Type.A)
        .extracting(r -> r.getName() + " " + r.rdataToString())
        .containsExactlyInAnyOrder("ns1.lab.test. 127.0.0.1", "ns2.lab.test. 127.0.0.2");
  }

  @Test
  void askingForTheCnameItselfGetsTheCname() throws Exception {
    assertThat(answers(dns.ask("alias.lab.test.", Type.CNAME))).containsExactly("www.lab.test.");
  }

  @Test
  void aWildcardAnswersUnderTheNameAsked() throws Exception {
    Message m = dns.ask("anything.wild.lab.test.", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER).get(0).getName().toString())
        .isEqualTo("anything.wild.lab.test.");
    assertThat(answers(m)).containsExactly("192.0.2.99");
    assertThat(answers(dns.ask("deeper.anything.wild.lab.test.", Type.A)))
        .containsExactly("192.0.2.99");
  }

  @Test
  void aWildcardWithoutTheTypeIsNodata() throws Exception {
    assertNegative(dns.ask("anything.wild.lab.test.", Type.MX), Rcode.NOERROR);
  }

  @Test
  void aWildcardDoesNotAnswerForAnExistingNameOrBelowIt() throws Exception {
    // RFC 4592 section 2.2.1: real.wild exists, so *.wild does not stand in for it
    assertThat(answers(dns.ask("real.wild.lab.test.", Type.A))).containsExactly("192.0.2.98");
    assertNegative(dns.ask("real.wild.lab.test.", Type.TXT), Rcode.NOERROR);
    // the closest encloser of x.real.wild is real.wild, which has no wildcard
    assertNegative(dns.ask("x.real.wild.lab.test.", Type.A), Rcode.NXDOMAIN);
  }

  @Test
  void aDelegatedNameGetsAReferralWithGlueAndAaClear() throws Exception {
    Message m = dns.ask("host.sub.lab.test.", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
    assertThat(m.getSection(Section.AUTHORITY))
        .extracting(r -> ((NSRecord) r).getTarget().toString())
        .containsExactlyInAnyOrder("ns.sub.lab.test.", "ns.example.test.");
    assertThat(m.getSection(Section.ADDITIONAL))
        .filteredOn(r -> r.getType() == Type.A)
        .extracting(r -> r.getName() + " " + r.rdataToString())
        .containsExactly("ns.sub.lab.test. 192.0.2.53");
  }

  @Test
  void dsAtADelegationIsTheParentsToAnswer() throws Exception {
    assertNegative(dns.ask("sub.lab.test.", Type.DS), Rcode.NOERROR);
    assertThat(dns.ask("host.sub.lab.test.", Type.DS).getHeader().getFlag(Flags.AA)).isFalse();
  }

  @Test
  void aNameInNoServedZoneIsRefused() throws Exception {
    Message m = dns.ask("www.example.com.", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void theSecondZoneAnswersFromTheSameServer() throws Exception {
    assertThat(answers(dns.ask("www.example.test.", Type.A))).containsExactly("198.51.100.80");
  }

  @Test
  void theApexSoaIsAnswered() throws Exception {
    Message m = dns.ask("lab.test.", Type.SOA);
    assertThat(((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial())
        .isEqualTo(2026112501L);
  }

  @Test
  void withoutEdnsALargeAnswerIsTruncatedAndTcpGetsItAll() throws Exception {
    Message udp = DnsServerFixture.ask(dns.resolver(false, null), "big.lab.test.", Type.TXT);
    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(udp.numBytes()).isLessThanOrEqualTo(Responder.CLASSIC_UDP_SIZE);
    assertThat(udp.getOPT()).isNull();
    Message tcp = DnsServerFixture.ask(dns.resolver(true, null), "big.lab.test.", Type.TXT);
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ANSWER)).hasSize(8);
    assertThat(tcp.numBytes()).isGreaterThan(Responder.CLASSIC_UDP_SIZE);
  }

  @Test
  void dnsjavasResolverRetriesOverTcpByItself() throws Exception {
    SimpleResolver r = dns.resolver(false, null);
    r.setIgnoreTruncation(false);
    Message m = DnsServerFixture.ask(r, "big.lab.test.", Type.TXT);
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(m.getSection(Section.ANSWER)).hasSize(8);
  }

  @Test
  void theEdnsSizeOfTheQueryIsHonoured() throws Exception {
    Message small = DnsServerFixture.ask(dns.resolver(false, 512), "big.lab.test.", Type.TXT);
    assertThat(small.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(small.getOPT()).as("a truncated EDNS answer keeps its OPT").isNotNull();
    Message large = DnsServerFixture.ask(dns.resolver(false, 4096), "big.lab.test.", Type.TXT);
    assertThat(large.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(large.getSection(Section.ANSWER)).hasSize(8);
    assertThat(large.getOPT().getPayloadSize()).isEqualTo(Responder.MAX_UDP_SIZE);
  }

  @Test
  void severalQueriesShareOneTcpConnection() throws Exception {
    SimpleResolver tcp = dns.resolver(true, 1232);
    for (String name : List.of("www.lab.test.", "mail.lab.test.", "ns1.lab.test.")) {
      assertThat(DnsServerFixture.ask(tcp, name, Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    }
  }
}
