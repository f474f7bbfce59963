package dev.netlab.grade.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.grade.Messages;
import dev.netlab.grade.classroom.ClassGrader;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.exercise.Exercises;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab grade class EXERCISE --submissions DIR --command TEMPLATE --csv OUT}. */
@Command(
    name = "class",
    description = {
      "Grades a folder of submissions, one folder per student (the folder's name is the"
          + " student's id), running the command template inside each, and writes one CSV row"
          + " per student: student, score, max, each case's points, a note when a submission"
          + " could not be graded. Each submission is bounded in time; one that fails does not"
          + " stop the others.",
      "Exit 0 when every submission was graded (whatever its score); 2 on bad usage."
    },
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Example:",
      "  lab grade class tcp-echo-server --submissions hand-ins \\",
      "      --command 'python3 echo.py --port {port}' --csv scores.csv"
    })
public final class ClassCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "EXERCISE", description = "The exercise's id.")
  String exerciseId;

  @Option(
      names = "--submissions",
      paramLabel = "DIR",
      required = true,
      description = "The folder holding one folder per student.")
  Path submissions;

  @Option(
      names = "--command",
      paramLabel = "TEMPLATE",
      required = true,
      description =
          "The student's program, run inside their folder; {host}, {port} and the other LAB_*"
              + " names are replaced as in 'lab grade run'.")
  String template;

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      required = true,
      description = "Write the CSV here.")
  Path csv;

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description =
          "The course secret (default: $"
              + GradeRunCommand.SECRET_ENV
              + ", else the public practice secret).")
  Path secretFile;

  @Mixin LangOption lang;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JsonOption noJson = new JsonOption();
    lang.apply(out, noJson);
    Exercise ex = ExerciseShowCommand.find(Exercises.builtIn(), exerciseId, out, noJson);
    if (!Files.isDirectory(submissions)) {
      throw LabException.usage(Messages.get("class.no_dir", submissions));
    }
    List<String> command;
    try {
      command = ClassGrader.words(template);
    } catch (IllegalArgumentException e) {
      throw LabException.usage(Messages.get("class.bad_command", e.getMessage()));
    }
    if (command.isEmpty()) {
      throw LabException.usage(Messages.get("run.no_command"));
    }
    byte[] secret = GradeRunCommand.courseSecret(secretFile, true, err);
    ClassGrader grader = new ClassGrader(ex, command, secret);
    out.println(Messages.get("class.start", ex.id(), submissions, grader.limit().toSeconds()));
    out.flush();
    List<ClassGrader.Row> rows =
        grader.grade(
            submissions,
            r -> {
              out.println(
                  Messages.get("class.row", r.student(), r.score(), r.max())
                      + (r.note().isEmpty() ? "" : " (" + r.note() + ")"));
              out.flush();
            });
    try {
      Path parent = csv.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(csv, ClassGrader.csv(ex, rows), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LabException.runtime(Messages.get("run.cannot_write", csv, e.getMessage()));
    }
    out.println(Messages.get("class.done", rows.size(), csv));
    out.flush();
    return 0;
  }
}
