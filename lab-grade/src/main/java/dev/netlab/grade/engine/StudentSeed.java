package dev.netlab.grade.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A student's seeds: HMAC-SHA256 keyed with the course secret over the exercise id, the student id
 * and what the seed is for. Two students get different loss patterns and parameters; the same
 * student gets the same ones on every rerun; without the secret nobody can work out another
 * student's values (as Labtainers seeds its labs from a master seed and the student's email).
 */
public final class StudentSeed {
  /**
   * The secret used when neither --secret-file nor NETLAB_COURSE_SECRET gives one. It is public:
   * fine for practice runs, wrong for a course, where every value it derives can be computed.
   */
  public static final String PRACTICE_SECRET = "netlab-practice-secret";

  /** The student id of a run without --student. */
  public static final String PRACTICE_STUDENT = "practice";

  private final byte[] secret;
  private final String exercise;
  private final String student;

  public StudentSeed(byte[] secret, String exercise, String student) {
    if (secret.length == 0) {
      throw new IllegalArgumentException("the course secret is empty");
    }
    this.secret = secret.clone();
    this.exercise = exercise;
    this.student = student;
  }

  public static StudentSeed practice(String exercise) {
    return new StudentSeed(
        PRACTICE_SECRET.getBytes(StandardCharsets.UTF_8), exercise, PRACTICE_STUDENT);
  }

  public String student() {
    return student;
  }

  /** The seed for {@code purpose} (a relay's loss pattern, a payload's bytes, ...). */
  public long seed(String purpose) {
    return ByteBuffer.wrap(mac(exercise + "\0" + student + "\0" + purpose)).getLong();
  }

  /** A per-student value in [{@code min}, {@code max}], the same on every rerun. */
  public int pick(String purpose, int min, int max) {
    if (max < min) {
      throw new IllegalArgumentException(purpose + ": max " + max + " < min " + min);
    }
    return min + (int) Math.floorMod(seed(purpose), (long) max - min + 1);
  }

  /** A short, stable fingerprint of this student's seeds for reports (not the secret). */
  public String fingerprint() {
    return String.format("%016x", seed("fingerprint")).substring(0, 8);
  }

  private byte[] mac(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
