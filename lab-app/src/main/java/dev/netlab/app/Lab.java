package dev.netlab.app;

import dev.netlab.common.cli.LabCli;
import dev.netlab.dns.cli.DnsLab;
import dev.netlab.grade.cli.ExerciseLab;
import dev.netlab.grade.cli.GradeLab;
import dev.netlab.ports.cli.PortsLab;
import dev.netlab.tcp.cli.TcpLab;
import dev.netlab.udp.cli.UdpLab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lab}: the root command that mounts every lab. */
@Command(
    name = "lab",
    description =
        "netlab: networking labs over real sockets. Each lab is a client/server pair you can watch in the terminal and in Wireshark; 'lab tour' runs them all on loopback.",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    subcommands = {
      TourCommand.class,
      TcpLab.class,
      UdpLab.class,
      PortsLab.class,
      DnsLab.class,
      ExerciseLab.class,
      GradeLab.class
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 ran but the outcome failed, 2 bad usage, 130 Ctrl-C.",
      "",
      "Example:",
      "  lab tour          # every lab end to end, narrated claim by claim"
    })
public final class Lab implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(LabCli.execute(new Lab(), args));
  }
}
