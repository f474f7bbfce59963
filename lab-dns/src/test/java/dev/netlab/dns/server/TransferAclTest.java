package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TransferAclTest {
  private static boolean allows(TransferAcl acl, String address) throws Exception {
    return acl.allows(InetAddress.getByName(address));
  }

  @Test
  void byDefaultOnlyThisMachineMayTransfer() throws Exception {
    TransferAcl acl = TransferAcl.loopback();
    assertThat(allows(acl, "127.0.0.1")).isTrue();
    assertThat(allows(acl, "127.255.0.9")).isTrue();
    assertThat(allows(acl, "::1")).isTrue();
    assertThat(allows(acl, "192.0.2.1")).isFalse();
    assertThat(allows(acl, "2001:db8::1")).isFalse();
  }

  @Test
  void blocksMatchTheirPrefixBitsOnly() throws Exception {
    TransferAcl acl = TransferAcl.parse(List.of("192.0.2.128/25", "2001:db8::/32", "198.51.100.7"));
    assertThat(allows(acl, "192.0.2.128")).isTrue();
    assertThat(allows(acl, "192.0.2.255")).isTrue();
    assertThat(allows(acl, "192.0.2.127")).isFalse();
    assertThat(allows(acl, "2001:db8:ffff::1")).isTrue();
    assertThat(allows(acl, "2001:db9::1")).isFalse();
    assertThat(allows(acl, "198.51.100.7")).isTrue();
    assertThat(allows(acl, "198.51.100.8")).isFalse();
    assertThat(allows(acl, "127.0.0.1")).as("the option replaces the default").isFalse();
    assertThat(allows(TransferAcl.parse(List.of("0.0.0.0/0")), "203.0.113.5")).isTrue();
  }

  @Test
  void aBlockThatIsNoneIsAOneLineError() {
    for (String bad : List.of("192.0.2.0/33", "::/129", "example.com", "192.0.2.0/x", "")) {
      assertThatThrownBy(() -> TransferAcl.parse(List.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--allow-transfer '" + bad + "'")
          .hasMessageContaining("192.0.2.0/24")
          .hasMessageNotContaining("\n");
    }
  }
}
