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
      "  lab tcp handshake                    SYN, SYN+ACK, ACK from real kernel packets",
      "  lab tcp server & lab tcp client --message hi",
      "  lab tcp sink --once & lab tcp send --bytes 64M"
    })
public final class TcpLab implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
