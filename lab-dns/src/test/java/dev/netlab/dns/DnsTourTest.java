package dev.netlab.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.tour.TourCheck;
import dev.netlab.common.tour.TourContext;
import dev.netlab.common.transport.Transport;
import dev.netlab.dns.server.ZoneData;
import dev.netlab.dns.server.ZoneFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

class DnsTourTest {
  @Test
  @Timeout(60)
  void everyDnsClaimIsShown() throws Exception {
    try (LabRun run = LabRun.quiet(Transport.best())) {
      List<TourCheck> checks = new DnsTour().run(new TourContext(run, null));
      assertThat(checks)
          .extracting(TourCheck::claim)
          .containsExactly("DNS-2", "DNS-3", "DNS-1", "DNS-3");
      assertThat(checks)
          .allSatisfy(
              c -> assertThat(c.status()).as(c.evidence()).isEqualTo(TourCheck.Status.SHOWN));
    }
  }

  @Test
  @Timeout(10)
  void theEditedZoneParsesBackWithTheNewAddressAndTheNextSerial(@TempDir Path dir)
      throws Exception {
    ZoneData original =
        ZoneFiles.examples().stream()
            .filter(z -> z.origin().toString().equals(DnsTour.ZONE))
            .findFirst()
            .orElseThrow();
    Path file = dir.resolve("zone");
    DnsTour.write(file, DnsTour.edit(original));
    ZoneData edited = ZoneFiles.load(file, null);
    assertThat(edited.serial()).isEqualTo(original.serial() + 1);
    assertThat(edited.recordCount()).isEqualTo(original.recordCount());
    Record www = edited.rrset(Name.fromString(DnsTour.NAME), Type.A).first();
    assertThat(www.rdataToString()).isEqualTo(DnsTour.NEW_ADDRESS);
    assertThat(edited.soa()).isInstanceOf(SOARecord.class);
  }
}
