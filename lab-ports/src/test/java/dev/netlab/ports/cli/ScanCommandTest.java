package dev.netlab.ports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ScanCommandTest {
  @Test
  void anyTargetButLoopbackIsRefusedWithoutOwnershipBeforeAnyProbe() {
    // TEST-NET-1 (RFC 5737): nothing would answer even if a probe left
    PortsCli.Result r = PortsCli.run("scan", "192.0.2.1", "-p", "80");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("refusing to scan 192.0.2.1").contains("--i-own-this-host");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void oneRunNeverScansMoreThanTheWholePortSpace() {
    PortsCli.Result r = PortsCli.run("scan", "--tcp", "--udp", "-p", "-");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("131,070 ports asked for").contains("at most 65,536");
  }

  @Test
  void aBadPortListIsAUsageError() {
    PortsCli.Result r = PortsCli.run("scan", "-p", "1024-1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void jsonListsTheOpenPortsWithServiceAndCountsTheClosedOnes() throws Exception {
    try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int p = open.getLocalPort();
      PortsCli.Result r = PortsCli.run("scan", "-p", (p - 30) + "-" + (p + 30), "--json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).as("no progress line off a terminal").isEmpty();
      Map<String, Object> json = JSON.std.mapFrom(r.out());
      @SuppressWarnings("unchecked")
      Map<String, Object> tcp = ((List<Map<String, Object>>) json.get("scans")).get(0);
      assertThat(tcp).containsEntry("protocol", "tcp").containsEntry("ports_scanned", 61);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> ports = (List<Map<String, Object>>) tcp.get("ports");
      assertThat(ports)
          .anySatisfy(
              port ->
                  assertThat(port)
                      .containsEntry("port", p)
                      .containsEntry("state", "open")
                      .containsEntry("reason", "syn-ack"));
      assertThat(tcp.get("not_shown").toString()).contains("closed").contains("conn-refused");
    }
  }

  @Test
  void theTextNamesTheLabsServicesAtTenThousandPlusN() throws Exception {
    // a lab service's port: skipped if something on this machine holds it already
    try (ServerSocket echo = bindOrNull(10007)) {
      org.junit.jupiter.api.Assumptions.assumeTrue(echo != null, "port 10007 is in use here");
      PortsCli.Result r = PortsCli.run("scan", "-p", "10007");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).containsPattern("10007/tcp +open +echo \\(lab\\) +syn-ack");
    }
  }

  private static ServerSocket bindOrNull(int port) {
    try {
      return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
