package dev.netlab.grade.cli;

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
import picocli.CommandLine.Spec;

/** {@code lab exercise list}: the exercises, one per line. */
@Command(
    name = "list",
    description = "Lists the exercises: id, lab, kind, points and title.",
    mixinStandardHelpOptions = true,
    footer = {"", "Example:", "  lab exercise list --json"})
public final class ExerciseListCommand implements Callable<Integer> {
  @Mixin JsonOption json;
  @Mixin LangOption lang;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    lang.apply(out, json);
    List<Exercise> all = Exercises.builtIn().all();
    if (json.json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Exercise e : all) {
        list.add(ExerciseShowCommand.describe(e));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ok", true);
      m.put("error", null);
      m.put("exercises", list);
      out.println(JsonText.compact(m));
    } else {
      out.printf("%-18s %-5s %-8s %6s  %s%n", "id", "lab", "kind", "points", "title");
      for (Exercise e : all) {
        out.printf(
            "%-18s %-5s %-8s %6d  %s%n",
            e.id(), e.lab(), e.kind().json(), e.maxPoints(), e.title());
      }
    }
    out.flush();
    return 0;
  }
}
