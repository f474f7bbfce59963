package dev.netlab.ports.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.base.LabException;
import dev.netlab.common.net.ProcNet.PortRange;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PortTableTest {
  private static final List<String> SERVICES =
      List.of(
          "# Network services, Internet style",
          "ftp\t\t21/tcp",
          "fsp\t\t21/udp\t\tfspd",
          "ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol",
          "http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP",
          "https\t\t443/tcp",
          "https\t\t443/udp\t\t\t\t# HTTP/3",
          "broken line",
          "bad\t\tx/tcp",
          "big\t\t70000/tcp");

  private final ServicesDatabase db =
      new ServicesDatabase(ServicesDatabase.parse(SERVICES), "/etc/services");
  private final PortTable table = new PortTable(db, Optional.of(new PortRange(32768, 60999)));

  @Test
  void parsesNamesPortsProtocolsAndAliasesAndSkipsWhatDoesNotFit() {
    assertThat(db.byPort(80))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("http");
              assertThat(e.protocol()).isEqualTo("tcp");
              assertThat(e.aliases()).containsExactly("www");
            });
    assertThat(db.byName("www")).extracting(ServiceEntry::port).containsExactly(80);
    assertThat(db.byName("SSH")).extracting(ServiceEntry::port).containsExactly(22);
    assertThat(db.byPort(70000)).isEmpty();
    assertThat(db.byName("bad")).isEmpty();
  }

  @Test
  void aMissingDatabaseFallsBackToTheBuiltInListAndSaysSo() {
    ServicesDatabase fallback = ServicesDatabase.load(Path.of("/nonexistent/services"));
    assertThat(fallback.source()).isEqualTo(ServicesDatabase.BUILT_IN);
    assertThat(fallback.byName("telnet")).extracting(ServiceEntry::port).containsExactly(23);
    assertThat(fallback.byPort(443))
        .extracting(ServiceEntry::protocol)
        .containsExactly("tcp", "udp");
  }

  @Test
  void aNumberIsPlacedInItsRangeAndNamed() {
    assertThat(table.lookup("443")).first().asString().contains("well known").contains("0-1023");
    assertThat(String.join("\n", table.lookup("443")))
        .contains("443/tcp https")
        .contains("443/udp https");
    assertThat(String.join("\n", table.lookup("50000")))
        .contains("dynamic")
        .contains("ephemeral range (32768-60999)");
    assertThat(String.join("\n", table.lookup("10007")))
        .contains("registered")
        .contains("the labs' echo, at 10000 + 7");
  }

  @Test
  void aNameGivesItsPortsAndTheirRange() {
    assertThat(String.join("\n", table.lookup("ssh")))
        .contains("22/tcp ssh")
        .contains("[well known]");
    assertThat(table.lookupJson("www")).containsEntry("query", "www");
  }

  @Test
  void anUnknownNameFailsWithTheWayOutAndAnOutOfRangeNumberIsAUsageError() {
    assertThatThrownBy(() -> table.lookup("nosuch"))
        .isInstanceOfSatisfying(LabException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
        .hasMessageContaining("no service named 'nosuch' in /etc/services");
    assertThatThrownBy(() -> table.lookup("65536"))
        .isInstanceOfSatisfying(LabException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("0-65535");
    assertThatThrownBy(() -> table.lookup("99999999999999999999"))
        .isInstanceOfSatisfying(LabException.class, e -> assertThat(e.exitCode()).isEqualTo(2));
  }

  @Test
  void theOverviewHasTheNotesPortsTheRangesAndWhyTenThousandPlusN() {
    String text = String.join("\n", table.overview());
    assertThat(text)
        .contains("20     tcp      ftp-data")
        .contains("23     tcp      telnet")
        .contains("443    tcp      https")
        .contains("0-1023       well known")
        .contains("1024-49151   registered")
        .contains("49152-65535  dynamic")
        .contains("ephemeral range: 32768-60999")
        .contains("not IANA's 49152-65535")
        .contains("below the ephemeral range (32768-60999)")
        .contains("10007");
    // 21/udp is fsp in this database: no FTP description beside it
    assertThat(text).doesNotContainPattern("fsp +FTP");
  }

  @Test
  void everyLabServiceSitsAtTenThousandPlusItsNumber() {
    assertThat(WellKnownPorts.labService(10007)).isEqualTo("echo");
    assertThat(WellKnownPorts.labService(10080)).isEqualTo("http");
    assertThat(WellKnownPorts.labService(10022)).isNull();
    assertThat(db.nameFor(10013, "udp")).isEqualTo("daytime (lab)");
    assertThat(db.nameFor(22, "tcp")).isEqualTo("ssh");
    assertThat(db.nameFor(12345, "tcp")).isEqualTo("unknown");
  }
}
