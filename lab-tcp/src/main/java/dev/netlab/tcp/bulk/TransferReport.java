package dev.netlab.tcp.bulk;

import java.util.HashMap;
import java.util.Map;

/**
 * What the sink tells the sender after the sender's FIN: one text line, readable with {@code nc},
 * for example {@code netlab-sink bytes=67108864 sha256=9f86d0... seconds=0.052}.
 *
 * @param bytes bytes received
 * @param sha256 hex SHA-256 of them, or {@code null} when the sink does not hash
 * @param seconds first byte to FIN
 */
public record TransferReport(long bytes, String sha256, double seconds) {
  /** The line's first word. */
  public static final String TAG = "netlab-sink";

  /** A report line longer than this is not a report. */
  public static final int MAX_LINE = 256;

  /** The line, with its newline. */
  public String format() {
    return String.format(
        java.util.Locale.ROOT,
        "%s bytes=%d sha256=%s seconds=%.6f%n",
        TAG,
        bytes,
        sha256 == null ? "-" : sha256,
        seconds);
  }

  /**
   * @throws IllegalArgumentException saying what was expected and what came
   */
  public static TransferReport parse(String line) {
    String[] words = line.trim().split(" ");
    if (words.length < 3 || !words[0].equals(TAG)) {
      throw new IllegalArgumentException(
          "expected a '" + TAG + " bytes=N sha256=HEX' line; got '" + line.trim() + "'");
    }
    Map<String, String> kv = new HashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq > 0) {
        kv.put(words[i].substring(0, eq), words[i].substring(eq + 1));
      }
    }
    try {
      String hash = kv.getOrDefault("sha256", "-");
      return new TransferReport(
          Long.parseLong(kv.get("bytes")),
          hash.equals("-") ? null : hash,
          Double.parseDouble(kv.getOrDefault("seconds", "0")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed sink report '" + line.trim() + "'", e);
    }
  }
}
