package dev.netlab.ports.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lab ports}: the ports lab's commands. */
@Command(
    name = "ports",
    description =
        "Ports: many programs on one IP address, told apart by port; every connection by its"
            + " 4-tuple.",
    mixinStandardHelpOptions = true,
    subcommands = {
      HostCommand.class,
      ConnectionsCommand.class,
      TableCommand.class,
      ScanCommand.class,
    })
public final class PortsLab implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
