package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BIND's {@code dig} and Knot's {@code kdig}, clients no one here wrote, against the server: each
 * kind of answer, and a truncated answer that each retries over TCP by itself.
 */
@Timeout(60)
class RealClientsTest {
  final DnsServerFixture dns = new DnsServerFixture();

  @RegisterExtension final Object server = dns.server;

  private static final Pattern STATUS = Pattern.compile("status: (\\w+)");
  private static final Pattern FLAGS = Pattern.compile("(?i);; flags: ([a-z ]*);");

  /** name, type, rcode, whether AA is set, a pattern the output must contain. */
  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String tool : List.of("dig", "kdig")) {
      cases.add(
          Arguments.of(tool, "www.lab.test", "A", "NOERROR", true, "IN\\s+A\\s+192\\.0\\.2\\.10"));
      if (tool.equals("dig")) {
        // kdig sends names in lower case: only dig shows the case coming back
        cases.add(Arguments.of(tool, "WWW.Lab.Test", "A", "NOERROR", true, "WWW\\.Lab\\.Test\\."));
      }
      cases.add(
          Arguments.of(
              tool, "nope.lab.test", "A", "NXDOMAIN", true, "lab\\.test\\.\\s+60\\s+IN\\s+SOA"));
      cases.add(
          Arguments.of(
              tool, "ent.lab.test", "A", "NOERROR", true, "lab\\.test\\.\\s+60\\s+IN\\s+SOA"));
      cases.add(Arguments.of(tool, "www.lab.test", "TYPE65280", "NOERROR", true, "ANSWER: 0"));
      cases.add(Arguments.of(tool, "chain.lab.test", "A", "NOERROR", true, "192\\.0\\.2\\.10"));
      cases.add(
          Arguments.of(
              tool,
              "outside.lab.test",
              "A",
              "NOERROR",
              true,
              "CNAME\\s+www\\.example\\.test\\.[\\s\\S]*198\\.51\\.100\\.80"));
      cases.add(
          Arguments.of(
              tool, "elsewhere.lab.test", "A", "NOERROR", true, "CNAME\\s+www\\.example\\.org\\."));
      cases.add(
          Arguments.of(
              tool,
              "x.wild.lab.test",
              "A",
              "NOERROR",
              true,
              "x\\.wild\\.lab\\.test\\.\\s+300\\s+IN\\s+A\\s+192\\.0\\.2\\.99"));
      cases.add(
          Arguments.of(
              tool,
              "host.sub.lab.test",
              "A",
              "NOERROR",
              false,
              "ns\\.sub\\.lab\\.test\\.\\s+300\\s+IN\\s+A\\s+192\\.0\\.2\\.53"));
      cases.add(Arguments.of(tool, "www.example.com", "A", "REFUSED", false, "ANSWER: 0"));
    }
    return cases.stream();
  }

  private List<String> command(String tool, String... args) {
    List<String> c = new ArrayList<>(List.of(tool, "-p", String.valueOf(dns.address().getPort())));
    c.add("@" + dns.address().getAddress().getHostAddress());
    c.add("+norec");
    c.addAll(tool.equals("dig") ? List.of("+time=3", "+tries=1") : List.of("+time=3", "+retry=0"));
    c.addAll(List.of(args));
    return c;
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void aRealClientGetsTheAnswer(
      String tool, String name, String type, String rcode, boolean aa, String contains)
      throws Exception {
    Tools.require(tool);
    String out = run(command(tool, name, type));
    Matcher status = STATUS.matcher(out);
    assertThat(status.find()).as(out).isTrue();
    assertThat(status.group(1)).as(out).isEqualTo(rcode);
    Matcher flags = FLAGS.matcher(out);
    assertThat(flags.find()).as(out).isTrue();
    List<String> set = List.of(flags.group(1).trim().split("\\s+"));
    assertThat(set).as(out).contains("qr").doesNotContain("ra", "tc");
    if (aa) {
      assertThat(set).as(out).contains("aa");
    } else {
      assertThat(set).as(out).doesNotContain("aa");
    }
    assertThat(out).as(out).containsPattern(contains);
  }

  @ParameterizedTest
  @MethodSource("tools")
  void aTruncatedAnswerIsRetriedOverTcpByTheClient(String tool) throws Exception {
    Tools.require(tool);
    String out = run(command(tool, "+noedns", "big.lab.test", "TXT"));
    assertThat(out).as(out).containsPattern("(?i)truncated.*retrying");
    assertThat(out).as(out).containsPattern("ANSWER: 8");
    assertThat(out).as(out).contains("08 The quick brown fox");
  }

  static Stream<String> tools() {
    return Stream.of("dig", "kdig");
  }
}
