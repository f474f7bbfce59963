package dev.netlab.ports.host;

import java.nio.charset.StandardCharsets;

/**
 * The character generator's pattern (RFC 864): the 95 printable ASCII characters (space to tilde)
 * form a ring; line n is the 72 characters starting at character n mod 95, ended by CR LF. After 95
 * lines the pattern repeats, so a client can check every byte it gets.
 */
public final class Chargen {
  /** Characters per line, CR LF not counted. */
  public static final int LINE_LENGTH = 72;

  /** Bytes per line on the wire: the characters and CR LF. */
  public static final int LINE_BYTES = LINE_LENGTH + 2;

  /** The first printable ASCII character, space (0x20): character 0 of the ring. */
  public static final char FIRST = ' ';

  /** Printable ASCII characters, space (0x20) to tilde (0x7E): the ring's size. */
  public static final int RING = 95;

  /** Bytes before the pattern repeats: 95 lines. */
  public static final int CYCLE_BYTES = RING * LINE_BYTES;

  private static final byte[] CYCLE = buildCycle();

  private Chargen() {}

  /** Line {@code n} (0-based) with its CR LF, as ASCII bytes. */
  public static byte[] line(long n) {
    byte[] out = new byte[LINE_BYTES];
    int start = (int) Math.floorMod(n, (long) RING);
    for (int i = 0; i < LINE_LENGTH; i++) {
      out[i] = (byte) (FIRST + (start + i) % RING);
    }
    out[LINE_LENGTH] = '\r';
    out[LINE_LENGTH + 1] = '\n';
    return out;
  }

  /**
   * Lines 0 to 94, the whole pattern once: a TCP stream of them, one after another, is exactly the
   * pattern from line 0 on. The caller must not change the array.
   */
  static byte[] cycle() {
    return CYCLE;
  }

  private static byte[] buildCycle() {
    byte[] all = new byte[CYCLE_BYTES];
    for (int n = 0; n < RING; n++) {
      System.arraycopy(line(n), 0, all, n * LINE_BYTES, LINE_BYTES);
    }
    return all;
  }

  /** Line {@code n} as text, without CR LF: for messages and tests. */
  public static String text(long n) {
    return new String(line(n), 0, LINE_LENGTH, StandardCharsets.US_ASCII);
  }
}
