package dev.netlab.grade.exercise;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exercises netlab ships: their definitions ({@code exercises/ID.json}, listed in {@code
 * exercises/index}) and their pages ({@code docs/exercises/ID.md}, copied into the jar under {@code
 * pages/}). Definitions are data, so an instructor tunes points, timeouts and visibility without
 * touching code.
 */
public final class Exercises {
  private static final String ROOT = "/dev/netlab/grade/";

  private final Map<String, Exercise> byId;

  private Exercises(Map<String, Exercise> byId) {
    this.byId = byId;
  }

  /** Every exercise in the jar, in the index's order. */
  public static Exercises builtIn() {
    Map<String, Exercise> all = new LinkedHashMap<>();
    for (String line : resource("exercises/index").split("\n")) {
      String id = line.strip();
      if (!id.isEmpty() && !id.startsWith("#")) {
        all.put(id, parse(resource("exercises/" + id + ".json")));
      }
    }
    return new Exercises(all);
  }

  public List<Exercise> all() {
    return List.copyOf(byId.values());
  }

  public Optional<Exercise> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  /** The exercise's page, as in docs/exercises/ID.md. */
  public String page(String id) {
    return resource("pages/" + id + ".md");
  }

  /** The text of exercise {@code id}'s file (an observe exercise's checks are read from it). */
  public String source(String id) {
    return resource("exercises/" + id + ".json");
  }

  /** An exercise from its file's text. */
  public static Exercise parse(String json) {
    Map<String, Object> m;
    try {
      m = JSON.std.mapFrom(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("exercise file is not JSON: " + e.getMessage(), e);
    }
    String id = text(m, "id");
    List<CaseSpec> cases = new ArrayList<>();
    for (Object o : list(m.get("cases"))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> c = (Map<String, Object>) o;
      cases.add(
          new CaseSpec(
              text(c, "name"),
              text(c, "number"),
              (int) number(c, "points"),
              Duration.ofMillis(number(c, "timeout_ms")),
              Visibility.parse((String) c.getOrDefault("visibility", "visible")),
              strings(c.get("requires")),
              map(c.get("params"))));
    }
    Object due = m.get("due");
    return new Exercise(
        id,
        text(m, "lab"),
        Exercise.Kind.valueOf(text(m, "kind").toUpperCase(java.util.Locale.ROOT)),
        text(m, "title"),
        Exercise.Role.valueOf(text(m, "role").toUpperCase(java.util.Locale.ROOT)),
        Duration.ofMillis(((Number) m.getOrDefault("startup_timeout_ms", 10_000)).longValue()),
        due == null ? Optional.empty() : Optional.of(Instant.parse((String) due)),
        map(m.get("params")),
        cases);
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("exercise file: '" + key + "' must be a string");
    }
    return s;
  }

  private static long number(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof Number n)) {
      throw new IllegalArgumentException(
          "exercise file: case " + m.get("name") + "'s '" + key + "' must be a number");
    }
    return n.longValue();
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static List<String> strings(Object o) {
    return list(o).stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
  }

  private static String resource(String path) {
    try (InputStream in = Exercises.class.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + ROOT + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
