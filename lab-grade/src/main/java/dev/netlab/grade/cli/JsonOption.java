package dev.netlab.grade.cli;

import dev.netlab.common.base.LabException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --json} for the grading commands, with netlab's contract: exactly one JSON object on
 * stdout, also when the command fails ({@code "ok": false} and the one-line error).
 */
public final class JsonOption {
  @Option(
      names = "--json",
      description = "Print one JSON object with the results at the end, nothing else.")
  boolean json;

  /** Prints {"ok": false, "error": ...} when --json was given, and returns {@code e} to throw. */
  LabException fail(PrintWriter out, LabException e) {
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ok", false);
      m.put("error", e.getMessage());
      out.println(dev.netlab.grade.report.JsonText.compact(m));
      out.flush();
    }
    return e;
  }
}
