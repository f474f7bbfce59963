package dev.netlab.grade.capture;

import java.util.Locale;

/**
 * What the placeholders of an exercise's checks stand for in one grading run: {@code {port}} is the
 * server port the student captured (the exercise's own unless {@code --port} says otherwise),
 * {@code {token}} the student's token.
 */
public record Bindings(int port, String token) {
  /** {@code text} with its placeholders filled. */
  public String fill(String text) {
    return text.replace("{port}", Integer.toString(port)).replace("{token}", token);
  }

  /** A port given as a number or as a text with placeholders, such as {@code "{port}"}. */
  public int port(Object value, String where) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    String s = fill(String.valueOf(value)).strip();
    try {
      int p = Integer.parseInt(s);
      if (p >= 0 && p <= 65_535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // the message below says what was expected
    }
    throw new IllegalArgumentException(
        where + ": expected a port 0-65535 or \"{port}\"; got '" + value + "'");
  }

  static String lower(Object o) {
    return String.valueOf(o).strip().toLowerCase(Locale.ROOT);
  }
}
