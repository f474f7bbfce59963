package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.Console;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.transport.Transport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNS-1: after an edit and a reload the same name answers a new address; a broken edit does not.
 */
@Timeout(30)
class ZoneReloaderTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Console console =
      new Console(new PrintWriter(out, true), new PrintWriter(err, true), false);
  private final LabRun run = LabRun.quiet(Transport.best());
  private Path file;
  private DnsServer server;
  private ZoneReloader reloader;

  private static String zone(int serial, String address) {
    return "$ORIGIN r.test.\n$TTL 60\n@ SOA ns hostmaster "
        + serial
        + " 3600 600 86400 30\n@ NS ns\nns A 127.0.0.1\nwww A "
        + address
        + "\n";
  }

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("r.zone");
    Files.writeString(file, zone(1, "192.0.2.1"));
    List<ZoneData> zones = List.of(ZoneFiles.load(file, null));
    server =
        new DnsServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            run,
            new Zones(zones),
            new QueryLog(console, new DnsMetrics(run.metrics().registry()), false),
            DnsServerFixture.IDLE,
            DnsServerFixture.MAX_CONNECTIONS);
    server.start();
    reloader = new ZoneReloader(List.of(file), null, zones, console, server::serve);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String www() throws Exception {
    var r = new org.xbill.DNS.SimpleResolver(server.localAddress());
    r.setTimeout(DnsServerFixture.TIMEOUT);
    Message m = DnsServerFixture.ask(r, "www.r.test.", Type.A);
    return m.getSection(Section.ANSWER).get(0).rdataToString();
  }

  /** Writes the file and moves its time stamp on, as an editor's save does. */
  private void edit(String text) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
  }

  @Test
  void anEditedZoneAnswersTheNewAddressAndSaysItsSerials() throws Exception {
    assertThat(www()).isEqualTo("192.0.2.1");
    edit(zone(2, "192.0.2.2"));
    assertThat(reloader.reloadChanged()).isEqualTo(1);
    assertThat(www()).isEqualTo("192.0.2.2");
    assertThat(out.toString()).contains("zone r.test. reloaded from " + file + ": serial 1 -> 2");
  }

  @Test
  void anUnchangedFileIsNotReloaded() throws Exception {
    assertThat(reloader.reloadChanged()).isZero();
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aBrokenEditKeepsTheOldZoneServingAndNamesTheLine() throws Exception {
    edit(zone(2, "192.0.2.2").replace("www A 192.0.2.2", "www A not-an-address"));
    assertThat(reloader.reloadChanged()).isZero();
    assertThat(www()).isEqualTo("192.0.2.1");
    assertThat(err.toString())
        .contains(file + ":6")
        .contains("still serving zone r.test. serial 1");
    // the fix is picked up by the next check
    edit(zone(3, "192.0.2.3"));
    assertThat(reloader.reloadChanged()).isEqualTo(1);
    assertThat(www()).isEqualTo("192.0.2.3");
    assertThat(out.toString()).contains("serial 1 -> 3");
  }

  @Test
  void aDeletedFileKeepsTheOldZone() throws Exception {
    Files.delete(file);
    assertThat(reloader.reloadChanged()).isZero();
    assertThat(www()).isEqualTo("192.0.2.1");
    assertThat(err.toString()).contains("no zone file");
  }
}
