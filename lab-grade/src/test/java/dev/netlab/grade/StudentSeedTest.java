package dev.netlab.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.grade.engine.StudentSeed;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Seeds: the same for a rerun, different across students, exercises and secrets. */
@Timeout(10)
class StudentSeedTest {
  static StudentSeed seed(String secret, String exercise, String student) {
    return new StudentSeed(secret.getBytes(StandardCharsets.UTF_8), exercise, student);
  }

  @Test
  void aRerunGetsTheSameSeedsAndEveryInputChangesThem() {
    long alice = seed("s", "udp-pinger", "alice").seed("relay");
    assertThat(seed("s", "udp-pinger", "alice").seed("relay")).isEqualTo(alice);
    assertThat(seed("s", "udp-pinger", "bob").seed("relay")).isNotEqualTo(alice);
    assertThat(seed("s", "tcp-echo-server", "alice").seed("relay")).isNotEqualTo(alice);
    assertThat(seed("t", "udp-pinger", "alice").seed("relay")).isNotEqualTo(alice);
    assertThat(seed("s", "udp-pinger", "alice").seed("loss")).isNotEqualTo(alice);
  }

  @Test
  void theSeedIsHmacSha256OfTheDocumentedMessage() throws Exception {
    // HMAC-SHA256(key "s", "udp-pinger\0alice\0relay"), first 8 bytes, big-endian
    var mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec("s".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] h = mac.doFinal("udp-pinger\0alice\0relay".getBytes(StandardCharsets.UTF_8));
    assertThat(seed("s", "udp-pinger", "alice").seed("relay"))
        .isEqualTo(java.nio.ByteBuffer.wrap(h).getLong());
  }

  @Test
  void aPickStaysInItsRangeAndCoversIt() {
    boolean[] seen = new boolean[16];
    for (int i = 0; i < 400; i++) {
      int v = seed("s", "udp-pinger", "student" + i).pick("loss", 20, 35);
      assertThat(v).isBetween(20, 35);
      seen[v - 20] = true;
    }
    for (boolean b : seen) {
      assertThat(b).isTrue();
    }
  }
}
