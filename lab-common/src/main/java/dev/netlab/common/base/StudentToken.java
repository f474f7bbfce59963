package dev.netlab.common.base;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token {@code --student ID} puts into what a lab command sends, so a capture grader can tell
 * that a capture was made for that student: a copied capture carries its maker's token. It is a
 * public HMAC (anyone can compute anyone's token): it marks whose run a capture is, it does not
 * authenticate. A DNS label and a line of text both carry it as it is (lowercase hex).
 */
public final class StudentToken {
  /** The HMAC key; public, so every lab command and the grader agree without configuration. */
  static final String KEY = "netlab-student-token";

  /** Hex digits in a token: 64 bits, a collision between two students is not a worry. */
  public static final int LENGTH = 16;

  /** What {@code lab tcp client --student ID} sends first, before the token and a newline. */
  public static final String TCP_LINE_PREFIX = "netlab-student ";

  /** The zone under which {@code lab dns query --student ID} asks for {@code TOKEN.<zone>}. */
  public static final String DNS_SUFFIX = "student.lab.test.";

  private StudentToken() {}

  /** The token of student {@code id}. */
  public static String of(String id) {
    if (id == null || id.isBlank()) {
      throw LabException.usage("--student needs an id, such as --student s1234");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] h = mac.doFinal(id.strip().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h).substring(0, LENGTH);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /** The line {@code lab tcp client --student ID} sends first, newline included. */
  public static String tcpLine(String id) {
    return TCP_LINE_PREFIX + of(id) + "\n";
  }

  /** The name {@code lab dns query --student ID} asks for (TXT) before its own question. */
  public static String dnsName(String id) {
    return of(id) + "." + DNS_SUFFIX;
  }
}
