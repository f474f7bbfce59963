package dev.netlab.grade.report;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON text as every report writes it: nulls kept, indented for people who open the file. */
public final class JsonText {
  private JsonText() {}

  public static String pretty(Map<String, Object> object) {
    try {
      return JSON.std
              .with(JSON.Feature.WRITE_NULL_PROPERTIES, JSON.Feature.PRETTY_PRINT_OUTPUT)
              .asString(object)
          + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String compact(Map<String, Object> object) {
    try {
      return JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Seconds with millisecond precision, as a JSON number. */
  static double seconds(java.time.Duration d) {
    return d.toMillis() / 1000.0;
  }
}
