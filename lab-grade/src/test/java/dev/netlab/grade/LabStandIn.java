package dev.netlab.grade;

import dev.netlab.common.cli.LabCli;
import dev.netlab.grade.cli.ExerciseLab;
import dev.netlab.grade.cli.GradeLab;
import picocli.CommandLine.Command;

/**
 * {@code lab} with only the grading commands, for the tests of grading/'s scripts (lab-app, which
 * mounts them for real, sits above this module).
 */
@Command(
    name = "lab",
    subcommands = {GradeLab.class, ExerciseLab.class})
public final class LabStandIn {
  public static void main(String[] args) {
    System.exit(LabCli.execute(new LabStandIn(), args));
  }
}
