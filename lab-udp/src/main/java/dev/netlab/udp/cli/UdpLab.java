package dev.netlab.udp.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lab udp}: the UDP lab's commands. */
@Command(
    name = "udp",
    description =
        "UDP: what IP's unreliability looks like (loss, reordering, duplicates), counted.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ServerCommand.class,
      ClientCommand.class,
      EchoCommand.class,
      PingCommand.class,
      RelayCommand.class,
      SendCommand.class,
      ReceiveCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  lab udp server                              # terminal 1",
      "  lab udp client --count 1000 --rate 2000     # terminal 2",
      "  lab udp relay --to 127.0.0.1:10009 --loss 5 --reorder 2   # terminal 3",
      "  lab udp client --port 10900                 # terminal 2: through the relay",
      "  lab udp client --port 10999     # nobody there: every send succeeds anyway"
    })
public final class UdpLab implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
