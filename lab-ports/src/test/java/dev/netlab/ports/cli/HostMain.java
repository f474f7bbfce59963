package dev.netlab.ports.cli;

import dev.netlab.common.cli.LabCli;

/** {@code lab ports host} alone in a JVM: for tests that run it as another process. */
public final class HostMain {
  private HostMain() {}

  public static void main(String[] args) {
    System.exit(LabCli.execute(new HostCommand(), args));
  }
}
