package dev.netlab.grade.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lab grade}: the autograder's commands. */
@Command(
    name = "grade",
    description =
        "Grades a student's own program against an exercise's cases over real sockets on"
            + " loopback; reports for the terminal, JUnit, Gradescope, PrairieLearn, markdown.",
    mixinStandardHelpOptions = true,
    subcommands = {
      GradeRunCommand.class,
      GradeCaptureCommand.class,
      WorkflowCommand.class,
      ClassCommand.class
    },
    footer = {
      "",
      "Example:",
      "  lab grade run tcp-echo-server -- python3 echo.py --port {port}",
      "  lab grade capture hs.pcapng --exercise tcp-handshake-capture --answers a.json",
      "",
      "The exercises: lab exercise list; instructors: docs/grading.md"
    })
public final class GradeLab implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
