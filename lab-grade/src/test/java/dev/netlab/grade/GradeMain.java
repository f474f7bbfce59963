package dev.netlab.grade;

import dev.netlab.common.cli.LabCli;
import dev.netlab.grade.cli.GradeLab;

/** {@code lab grade} as a process of its own, for tests that need their own environment. */
public final class GradeMain {
  private GradeMain() {}

  public static void main(String[] args) {
    System.exit(LabCli.commandLine(new GradeLab()).execute(args));
  }
}
