package dev.netlab.grade.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lab exercise}: the graded exercises and their pages. */
@Command(
    name = "exercise",
    description = "The graded exercises: what to build or run, the questions, how it is graded.",
    mixinStandardHelpOptions = true,
    subcommands = {ExerciseListCommand.class, ExerciseShowCommand.class},
    footer = {"", "Examples:", "  lab exercise list", "  lab exercise show tcp-echo-server"})
public final class ExerciseLab implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
