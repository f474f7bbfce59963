package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RudpSourceTest {
  /** Payloads of a generated source, from beyond the random block's end, concatenated. */
  private static byte[] all(RudpSource s) throws Exception {
    ByteBuf out = Unpooled.buffer();
    while (s.next(out) > 0) {
      // keep cutting
    }
    return ByteBufUtil.getBytes(out);
  }

  @Test
  void theSameSeedGivesTheSameBytesAndTheirHash() throws Exception {
    long length = 3L * RudpSource.BLOCK + 12_345;
    byte[] a = all(RudpSource.generated(length, 1200, 42));
    RudpSource again = RudpSource.generated(length, 1200, 42);
    assertThat(all(again)).isEqualTo(a);
    assertThat(a).hasSize((int) length);
    assertThat(again.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(a)));
    assertThat(all(RudpSource.generated(length, 1200, 43))).isNotEqualTo(a);
  }

  @Test
  void noTwoPayloadsAreAlikeEvenWhenTheBlockRepeats() throws Exception {
    int chunk = 1024; // divides the block: payload k and k + BLOCK/chunk cut the same bytes
    RudpSource s = RudpSource.generated(4L * RudpSource.BLOCK, chunk, 1);
    Set<String> seen = new HashSet<>();
    ByteBuf one = Unpooled.buffer(chunk);
    while (s.next(one.clear()) > 0) {
      assertThat(seen.add(ByteBufUtil.hexDump(one))).isTrue();
    }
    assertThat(seen).hasSize(4 * RudpSource.BLOCK / chunk);
  }
}
