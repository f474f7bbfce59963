package dev.netlab.dns.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** IPv6 addresses as RFC 5952 (and dig) write them. */
@Timeout(10)
class RecordTextTest {
  private static String c(String address) throws Exception {
    return RecordText.compressed(InetAddress.getByName(address).getAddress());
  }

  @Test
  void theLongestRunOfZeroGroupsBecomesDoubleColon() throws Exception {
    assertThat(c("2001:db8:0:0:0:0:0:10")).isEqualTo("2001:db8::10");
    assertThat(c("::1")).isEqualTo("::1");
    assertThat(c("::")).isEqualTo("::");
    assertThat(c("2001:db8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1");
    assertThat(c("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(c("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(c("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
  }
}
