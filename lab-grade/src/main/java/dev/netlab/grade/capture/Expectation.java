package dev.netlab.grade.capture;

/**
 * How many of a piece of evidence a check asks for, written as a relation: {@code >= 1}, {@code ==
 * 0}, {@code < 3}.
 */
public record Expectation(String op, int n) {
  /** {@code text} such as {@code ">= 1"}; throws saying what a relation looks like. */
  public static Expectation parse(String text, String where) {
    String s = text.strip();
    for (String op : new String[] {">=", "<=", "==", "!=", ">", "<"}) {
      if (s.startsWith(op)) {
        try {
          return new Expectation(op, Integer.parseInt(s.substring(op.length()).strip()));
        } catch (NumberFormatException e) {
          break;
        }
      }
    }
    throw new IllegalArgumentException(
        where + ": expect: expected a relation such as \">= 1\" or \"== 0\"; got '" + text + "'");
  }

  public boolean holds(int seen) {
    return switch (op) {
      case ">=" -> seen >= n;
      case "<=" -> seen <= n;
      case "==" -> seen == n;
      case "!=" -> seen != n;
      case ">" -> seen > n;
      default -> seen < n;
    };
  }

  @Override
  public String toString() {
    return op + " " + n;
  }
}
