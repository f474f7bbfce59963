package dev.netlab.dns.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lab dns}: the DNS lab's commands. */
@Command(
    name = "dns",
    description =
        "DNS: an authoritative server that answers only for its own zones, a dig-like client, and"
            + " an iterative resolver walking a toy hierarchy.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ServeCommand.class,
      QueryCommand.class,
      HierarchyCommand.class,
      ResolveCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  lab dns serve                      # terminal 1: the example zones on 10053",
      "  lab dns query www.lab.test         # terminal 2: an answer, AA set",
      "  lab dns query nope.lab.test        # NXDOMAIN, the zone's SOA in authority",
      "  lab dns query big.lab.test TXT --no-edns   # TC over UDP, then TCP",
      "  lab dns hierarchy                  # terminal 1: a toy root, TLDs and zones",
      "  lab dns resolve www.shop.test      # terminal 2: the walk from the root"
    })
public final class DnsLab implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
