package dev.netlab.dns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.cli.LabCli;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import dev.netlab.dns.server.DnsMetrics;
import dev.netlab.dns.server.DnsServer;
import dev.netlab.dns.server.QueryLog;
import dev.netlab.dns.server.ZoneFiles;
import dev.netlab.dns.server.Zones;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab dns serve} and {@code lab dns query}: exit codes, one-line errors, output. */
@Timeout(30)
class DnsCommandsTest {
  record Result(int code, String out, String err) {}

  private final LabRun run = LabRun.quiet(Transport.best());

  @RegisterExtension
  final LabServerExtension<DnsServer> server =
      new LabServerExtension<>(
          () ->
              new DnsServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  run,
                  new Zones(ZoneFiles.examples()),
                  new QueryLog(run.console(), new DnsMetrics(run.metrics().registry()), false),
                  DnsServer.DEFAULT_IDLE_TIMEOUT,
                  DnsServer.DEFAULT_MAX_CONNECTIONS));

  static Result lab(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = LabCli.commandLine(new DnsLab());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  private String at() {
    return "@127.0.0.1:" + server.address().getPort();
  }

  @Test
  void queryPrintsTheAnswerLikeDig() {
    Result r = lab("query", "www.lab.test", at());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(";; ->>HEADER<<- opcode: QUERY, status: NOERROR")
        .contains(";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1")
        .contains("; EDNS: version: 0, flags:; udp: 1232")
        .contains(";; QUESTION SECTION:\n;www.lab.test.")
        .contains(";; ANSWER SECTION:\nwww.lab.test.\t\t300\tIN\tA\t192.0.2.10")
        .contains(";; SERVER: 127.0.0.1:" + server.address().getPort() + " (UDP)")
        .containsPattern(";; Query time: \\d+ usec")
        .contains(";; MSG SIZE  rcvd: ");
  }

  @Test
  void nxdomainIsAnAnswerAndExitsZero() {
    Result r = lab("query", "nope.lab.test", "AAAA", at(), "--norec");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("status: NXDOMAIN").contains(";; flags: qr aa;");
    assertThat(r.out()).contains(";; AUTHORITY SECTION:\nlab.test.\t\t60\tIN\tSOA");
  }

  @Test
  void aTruncatedAnswerIsRetriedOverTcpAndSaysSo() {
    Result r = lab("query", "big.lab.test", "TXT", at(), "--no-edns");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith(";; Truncated, retrying in TCP mode.");
    assertThat(r.out()).contains("ANSWER: 8").contains("(TCP)").doesNotContain("EDNS:");
  }

  @Test
  void jsonIsOneObjectWithTheAnswer() throws Exception {
    Result r = lab("query", "chain.lab.test", at(), "--json", "--tcp");
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Object> j = JSON.std.mapFrom(r.out());
    assertThat(j.get("ok")).isEqualTo(true);
    assertThat(j.get("rcode")).isEqualTo("NOERROR");
    assertThat(j.get("transport")).isEqualTo("tcp");
    assertThat(j.get("flags")).asList().contains("aa").doesNotContain("ra");
    assertThat(j.get("answer")).asList().hasSize(3);
  }

  @Test
  void aZoneTransferIsAskedOverTcpAndShowsTheZone() {
    Result r = lab("query", "lab.test", "AXFR", at());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("status: NOERROR").contains("(TCP)").contains("*.wild.lab.test.");
  }

  @Test
  void noServerThereExitsOneWithOneLine() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Result r = lab("query", "www.lab.test", "@127.0.0.1:" + port, "--timeout", "300ms");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("no answer from 127.0.0.1:" + port).contains("lab dns serve");
  }

  @Test
  void badUsageExitsTwoWithOneLine() {
    for (String[] args :
        new String[][] {
          {"query", "www.lab.test", "NOTATYPE"},
          {"query", "www.lab.test", "A", "@127.0.0.1:99999"},
          {"query", "www.lab.test", "A", "@127.0.0.1:0"},
          {"query", "www.lab.test", "@"},
          {"query", "www.lab.test", "@127.0.0.1:1", "@127.0.0.1:2"},
          {"query", "www.lab.test", "--bufsize", "100"},
          {"query", "a", "A", "MX"},
          {"serve", "--origin", "lab.test"},
          {"serve", "--allow-transfer", "192.0.2.0/33", "--print-zones"},
          {"serve", "--allow-transfer", "somewhere.example", "--print-zones"},
          {"serve", "--udp-sockets", "0", "--print-zones"}
        }) {
      Result r = lab(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().lines()).as(r.err()).hasSize(1);
    }
  }

  @Test
  void printZonesShowsTheExampleZones() {
    Result r = lab("serve", "--print-zones");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("; zone lab.test., serial 2026112501")
        .contains("; zone example.test., serial 1")
        .contains("*.wild.lab.test.");
  }

  @Test
  void aZoneFileWithoutOriginTakesTheOriginOption(@TempDir Path dir) throws Exception {
    Path zone = dir.resolve("my.zone");
    Files.writeString(
        zone, "$TTL 60\n@ SOA ns hostmaster 7 3600 600 86400 30\n@ NS ns\nns A 127.0.0.1\n");
    Result r = lab("serve", "--zone", zone.toString(), "--origin", "my.test", "--print-zones");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("; zone my.test., serial 7").contains("ns.my.test.");
  }

  @Test
  void aBrokenZoneFileNamesItsFileAndLine(@TempDir Path dir) throws Exception {
    Path zone = dir.resolve("broken.zone");
    Files.writeString(
        zone,
        "$ORIGIN b.test.\n$TTL 60\n@ SOA ns hostmaster 7 3600 600 86400 30\nwww A not-an-address\n");
    Result r = lab("serve", "--zone", zone.toString(), "--print-zones");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains(zone + ":4");
  }

  @Test
  void aZoneWithoutNsIsRefusedWithTheFix(@TempDir Path dir) throws Exception {
    Path zone = dir.resolve("nons.zone");
    Files.writeString(zone, "$ORIGIN n.test.\n$TTL 60\n@ SOA ns hostmaster 7 3600 600 86400 30\n");
    Result r = lab("serve", "--zone", zone.toString(), "--print-zones");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no NS records at its apex");
  }

  @Test
  void zoneFileErrorsSayTheFix(@TempDir Path dir) throws Exception {
    Path noTtl = dir.resolve("nottl.zone");
    Files.writeString(noTtl, "$ORIGIN my.test.\n@ IN NS ns\n");
    Path noOrigin = dir.resolve("noorigin.zone");
    Files.writeString(noOrigin, "$TTL 60\n@ IN SOA ns h 1 2 3 4 5\n");
    Result ttl = lab("serve", "--zone", noTtl.toString(), "--print-zones");
    assertThat(ttl.code()).isEqualTo(2);
    assertThat(ttl.err().lines())
        .singleElement()
        .asString()
        .contains(noTtl + ":2:")
        .endsWith("missing TTL: add a $TTL line or a TTL on each record");
    Result origin = lab("serve", "--zone", noOrigin.toString(), "--print-zones");
    assertThat(origin.code()).isEqualTo(2);
    assertThat(origin.err().lines())
        .singleElement()
        .asString()
        .endsWith(": set $ORIGIN in the file or give --origin");
  }

  @Test
  void aNameTooLongSaysTheLimitsOnce() {
    String label = "a".repeat(50);
    String name = String.join(".", label, label, label, label, label, label);
    Result r = lab("query", name, at());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("a DNS name holds at most 255 bytes, 63 per label")
        .doesNotContain(name);
    Result l = lab("query", "a".repeat(64) + ".test", at());
    assertThat(l.err()).contains("a DNS label holds at most 63 bytes");
  }

  @Test
  void aServerThatCannotStartPrintsNoMetricsTable() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Result r = lab("serve", "--port", String.valueOf(taken.getLocalPort()));
      assertThat(r.code()).isNotZero();
      assertThat(r.err().lines()).hasSize(1);
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void aaaaIsPrintedCompressedAsDigDoes() {
    Result r = lab("query", "www.lab.test", "AAAA", at());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("www.lab.test.\t\t300\tIN\tAAAA\t2001:db8::10\n");
  }

  @Test
  void aOneLineBrokenZoneFileIsReportedOnLineOne(@TempDir Path dir) throws Exception {
    Path garbage = dir.resolve("garbage.zone");
    Files.writeString(garbage, "garbage\n");
    Result r = lab("serve", "--zone", garbage.toString(), "--print-zones");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(garbage + ":1:");
  }
}
