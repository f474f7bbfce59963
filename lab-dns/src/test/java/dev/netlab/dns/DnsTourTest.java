package dev.netlab.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.tour.TourCheck;
import dev.netlab.common.tour.TourContext;
import dev.netlab.common.transport.Transport;
import dev.netlab.dns.hierarchy.Hierarchy;
import dev.netlab.dns.server.ZoneData;
import dev.netlab.dns.server.ZoneFiles;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class DnsTourTest {
  @Test
  @Timeout(90)
  void everyDnsClaimIsShown() throws Exception {
    try (LabRun run = LabRun.quiet(Transport.best())) {
      List<TourCheck> checks = new DnsTour().run(new TourContext(run, null));
      assertThat(checks)
          .extracting(TourCheck::claim)
          .containsExactly("DNS-2", "DNS-3", "DNS-3", "DNS-3", "DNS-1");
      assertThat(checks)
          .allSatisfy(
              c -> assertThat(c.status()).as(c.evidence()).isEqualTo(TourCheck.Status.SHOWN));
    }
  }

  @Test
  @Timeout(10)
  void theEditedZoneParsesBackWithTheNewAddressAndTheNextSerial(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve(HierarchyTour.CHANGING_ZONE_FILE);
    try (InputStream in =
        Hierarchy.class.getResourceAsStream(
            "/dev/netlab/dns/hierarchy/" + HierarchyTour.CHANGING_ZONE_FILE)) {
      Files.copy(in, file);
    }
    ZoneData original = ZoneFiles.load(file, null);
    Name changing = Name.fromString(HierarchyTour.CHANGING);
    HierarchyTour.write(
        file,
        HierarchyTour.withAddress(
            original, changing, InetAddress.getByName(HierarchyTour.NEW_ADDRESS)));
    ZoneData edited = ZoneFiles.load(file, null);
    assertThat(edited.serial()).isEqualTo(original.serial() + 1);
    assertThat(edited.recordCount()).isEqualTo(original.recordCount());
    Record a = edited.rrset(changing, Type.A).first();
    assertThat(a.rdataToString()).isEqualTo(HierarchyTour.NEW_ADDRESS);
    assertThat(a.getTTL()).isEqualTo(original.rrset(changing, Type.A).first().getTTL());
  }
}
