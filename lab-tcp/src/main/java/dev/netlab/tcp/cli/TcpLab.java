package dev.netlab.tcp.cli;

import picocli.CommandLine.Command;

/** {@code lab tcp}: the TCP lab's commands. */
@Command(
    name = "tcp",
    description = "TCP: handshake, reliable in-order delivery, refusal and timeout.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ServerCommand.class,
      ClientCommand.class,
      SinkCommand.class,
      SendCommand.class,
      HandshakeCommand.class,
      ConnectCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  lab tcp handshake             # SYN, SYN+ACK, ACK from real kernel packets",
      "  lab tcp server                # terminal 1: echo server on 10007",
      "  lab tcp client --message hi   # terminal 2, once the server runs",
      "  lab tcp sink --once           # terminal 1: bulk receiver on 10009",
      "  lab tcp send --bytes 64M      # terminal 2"
    })
public final class TcpLab implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
