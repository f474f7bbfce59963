package dev.netlab.grade.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.grade.Messages;
import dev.netlab.grade.exercise.CaseSpec;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.exercise.Exercises;
import dev.netlab.grade.report.JsonText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab exercise show ID}: an exercise's page. */
@Command(
    name = "show",
    description =
        "Prints an exercise's page: what to build or run, what to capture, the questions, how it"
            + " is graded and the points of each case.",
    mixinStandardHelpOptions = true,
    footer = {"", "Example:", "  lab exercise show udp-pinger"})
public final class ExerciseShowCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ID", description = "The exercise's id (see 'lab exercise list').")
  String id;

  @Mixin JsonOption json;
  @Mixin LangOption lang;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    lang.apply(out, json);
    Exercises all = Exercises.builtIn();
    Exercise e = find(all, id, out, json);
    String page = all.page(e.id());
    if (json.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ok", true);
      m.put("error", null);
      m.put("exercise", describe(e));
      m.put("page", page);
      out.println(JsonText.compact(m));
    } else {
      out.print(page);
    }
    out.flush();
    return 0;
  }

  /** The exercise {@code id}, or a usage error naming the known ids. */
  static Exercise find(Exercises all, String id, PrintWriter out, JsonOption json) {
    return all.find(id)
        .orElseThrow(
            () ->
                json.fail(
                    out,
                    LabException.usage(
                        Messages.get("exercise.unknown", id, String.join(", ", all.ids())))));
  }

  /** An exercise as JSON: its fields and its cases. */
  static Map<String, Object> describe(Exercise e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("lab", e.lab());
    m.put("kind", e.kind().json());
    m.put("role", e.role().name().toLowerCase(java.util.Locale.ROOT));
    m.put("title", e.title());
    m.put("points", e.maxPoints());
    m.put("due", e.due().map(Object::toString).orElse(null));
    List<Map<String, Object>> cases = new ArrayList<>();
    for (CaseSpec c : e.cases()) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("name", c.name());
      cm.put("number", c.number());
      cm.put("points", c.points());
      cm.put("timeout_ms", c.timeout().toMillis());
      cm.put("visibility", c.visibility().json());
      cases.add(cm);
    }
    m.put("cases", cases);
    return m;
  }
}
