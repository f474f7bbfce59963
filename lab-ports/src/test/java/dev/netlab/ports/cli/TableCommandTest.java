package dev.netlab.ports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TableCommandTest {
  @Test
  void lookupByNumberPrintsOneJsonObject() throws Exception {
    PortsCli.Result r = PortsCli.run("table", "443", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Object> json = JSON.std.mapFrom(r.out());
    assertThat(json).containsEntry("ok", true).containsKey("source");
    @SuppressWarnings("unchecked")
    Map<String, Object> lookup = (Map<String, Object>) json.get("lookup");
    assertThat(lookup).containsEntry("port", 443).containsEntry("range", "well known");
  }

  @Test
  void aPortOutOfRangeIsOneLineAndExitTwo() {
    PortsCli.Result r = PortsCli.run("table", "70000");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("out of range").contains("0-65535");
  }

  @Test
  void anUnknownNameExitsOne() {
    PortsCli.Result r = PortsCli.run("table", "no-such-service-here");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("give a port number");
  }
}
