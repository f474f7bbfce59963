package dev.netlab.grade.tcpecho;

import dev.netlab.grade.Messages;
import java.util.HexFormat;

/** How the echo checks describe bytes to a student: counts, the first difference, a preview. */
final class Bytes {
  /** Bytes shown either side of a difference, and in a preview. */
  static final int AROUND = 8;

  private Bytes() {}

  /**
   * Null when {@code got} equals {@code expected}; otherwise a sentence naming the first differing
   * byte (or the length that differs) and the bytes around it.
   */
  static String firstDifference(byte[] expected, byte[] got, int gotLength) {
    int n = Math.min(expected.length, gotLength);
    for (int i = 0; i < n; i++) {
      if (expected[i] != got[i]) {
        return Messages.get(
            "echo.differs_at",
            i,
            hex(expected, i, i + 1),
            hex(got, i, i + 1),
            preview(expected, i, expected.length),
            preview(got, i, gotLength));
      }
    }
    if (gotLength < expected.length) {
      return Messages.get(
          "echo.short", gotLength, expected.length, preview(expected, gotLength, expected.length));
    }
    if (gotLength > expected.length) {
      return Messages.get(
          "echo.long", gotLength, expected.length, preview(got, expected.length, gotLength));
    }
    return null;
  }

  /** The bytes around {@code at}: printable text quoted, anything else in hex. */
  static String preview(byte[] b, int at, int length) {
    int from = Math.max(0, at - AROUND);
    int to = Math.min(length, at + AROUND);
    if (from >= to) {
      return "(nothing)";
    }
    boolean text = true;
    for (int i = from; i < to; i++) {
      text &= (b[i] >= 0x20 && b[i] < 0x7f) || b[i] == '\n' || b[i] == '\r' || b[i] == '\t';
    }
    String body =
        text
            ? "\""
                + new String(b, from, to - from, java.nio.charset.StandardCharsets.US_ASCII)
                    .replace("\\", "\\\\")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r")
                    .replace("\t", "\\t")
                + "\""
            : hex(b, from, to);
    return (from > 0 ? "..." : "") + body + (to < length ? "..." : "");
  }

  static String hex(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(i > from ? " " : "").append("0x").append(HexFormat.of().toHexDigits(b[i]));
    }
    return sb.toString();
  }

  /** A line as a student reads it in a message: quoted, with \n shown. */
  static String quoted(String s) {
    return "\"" + s.replace("\n", "\\n") + "\"";
  }
}
