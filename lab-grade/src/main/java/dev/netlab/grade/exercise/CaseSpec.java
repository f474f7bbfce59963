package dev.netlab.grade.exercise;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One graded case of an exercise, as its file declares it: the check itself is code (the exercise's
 * suite), everything an instructor may tune is here.
 *
 * @param name CS144-style: the name tells the parameters ({@code tcp_echo_concurrent_40_clients})
 * @param number Gradescope's test number, such as {@code 1.3}
 * @param points what the case is worth; all or nothing
 * @param timeout the case fails (never passes) when it has not finished by then
 * @param visibility when a student sees the case's details
 * @param requires what the grading machine must have for the case to run ({@code ipv6}, {@code
 *     command:NAME}); without it the case scores 0 and says what is missing
 * @param params the case's parameters (bytes, clients, ...), read by its check
 */
public record CaseSpec(
    String name,
    String number,
    int points,
    Duration timeout,
    Visibility visibility,
    List<String> requires,
    Map<String, Object> params) {

  public CaseSpec {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException(
          "case names are lower_snake_case like tcp_echo_one_line; got '" + name + "'");
    }
    if (points < 0) {
      throw new IllegalArgumentException("case " + name + ": points must be >= 0");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("case " + name + ": timeout must be positive");
    }
    requires = List.copyOf(requires);
    params = Map.copyOf(params);
  }

  /** The integer parameter {@code key}, or {@code fallback} when the file does not set it. */
  public int intParam(String key, int fallback) {
    Object v = params.get(key);
    return v instanceof Number n ? n.intValue() : fallback;
  }

  /** The same case needing {@code requirement} too (tests use it). */
  public CaseSpec requiring(String requirement) {
    List<String> more = new java.util.ArrayList<>(requires);
    more.add(requirement);
    return new CaseSpec(name, number, points, timeout, visibility, more, params);
  }
}
