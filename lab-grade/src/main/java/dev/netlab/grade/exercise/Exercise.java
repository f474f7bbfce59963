package dev.netlab.grade.exercise;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One exercise as its file declares it ({@code exercises/ID.json}): what it is, how the student's
 * program takes part, and its cases.
 *
 * @param id short and stable: the name students type and reports carry
 * @param lab the lab it belongs to (tcp, udp, ports, dns)
 * @param kind build it (a program of the student's own) or observe (a capture and answers)
 * @param role whether the student's program is the server the grader connects to, or the client
 *     that talks to the grader's services
 * @param startupTimeout how long a server may take before its port answers
 * @param due when hidden cases' details become visible; empty: never, until --due says so
 * @param params the exercise's parameters shared by its cases (counts, ranges of seeded values)
 */
public record Exercise(
    String id,
    String lab,
    Kind kind,
    String title,
    Role role,
    Duration startupTimeout,
    Optional<Instant> due,
    Map<String, Object> params,
    List<CaseSpec> cases) {

  /** The two kinds of exercise of the issue: build a program, or observe and explain. */
  public enum Kind {
    BUILD,
    OBSERVE;

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Which side of the conversation the student's program is. */
  public enum Role {
    /** The grader connects to LAB_HOST:LAB_PORT, where the student's program listens. */
    SERVER,
    /** The student's program connects to LAB_HOST:LAB_PORT, where the grader's services listen. */
    CLIENT
  }

  public Exercise {
    params = Map.copyOf(params);
    cases = List.copyOf(cases);
    if (cases.isEmpty()) {
      throw new IllegalArgumentException("exercise " + id + " has no cases");
    }
    if (cases.stream().map(CaseSpec::name).distinct().count() != cases.size()) {
      throw new IllegalArgumentException("exercise " + id + " names a case twice");
    }
  }

  public int maxPoints() {
    return cases.stream().mapToInt(CaseSpec::points).sum();
  }

  /** The integer parameter {@code key}, or {@code fallback} when the file does not set it. */
  public int intParam(String key, int fallback) {
    Object v = params.get(key);
    return v instanceof Number n ? n.intValue() : fallback;
  }

  /** The same exercise with other cases (the engine's tests use it). */
  public Exercise withCases(List<CaseSpec> other) {
    return new Exercise(id, lab, kind, title, role, startupTimeout, due, params, other);
  }
}
