package dev.netlab.grade.cli;

import dev.netlab.grade.classroom.ClassroomWorkflow;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.exercise.Exercises;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab grade workflow EXERCISE --student-command CMD}: a GitHub Classroom workflow. */
@Command(
    name = "workflow",
    description = {
      "Prints a GitHub Classroom workflow (YAML) for the exercise: one"
          + " autograding-command-grader step per case, each running 'lab grade run --case',"
          + " then the autograding-grading-reporter. Save it as"
          + " .github/workflows/classroom.yml in the assignment's template repository."
    },
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Example:",
      "  lab grade workflow tcp-echo-server \\",
      "      --student-command 'python3 echo.py --port {port}' > classroom.yml"
    })
public final class WorkflowCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "EXERCISE", description = "The exercise's id.")
  String exerciseId;

  @Option(
      names = "--student-command",
      paramLabel = "CMD",
      required = true,
      description = "How the runner starts the student's program, a shell command line.")
  String studentCommand;

  @Option(
      names = "--lab",
      paramLabel = "CMD",
      defaultValue = ClassroomWorkflow.DEFAULT_LAB,
      description =
          "How the runner starts netlab (default: ${DEFAULT-VALUE}: netlab.jar committed to the"
              + " template repository).")
  String lab;

  @Mixin LangOption lang;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    lang.apply(out, new JsonOption());
    Exercise ex = ExerciseShowCommand.find(Exercises.builtIn(), exerciseId, out, new JsonOption());
    out.print(ClassroomWorkflow.yaml(ex, studentCommand, lab));
    out.flush();
    return 0;
  }
}
