package dev.netlab.ports.cli;

import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.ProcNet;
import dev.netlab.ports.table.PortTable;
import dev.netlab.ports.table.ServicesDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lab ports table [PORT|NAME]}: which number is which. */
@Command(
    name = "table",
    description =
        "Which number is which: the well-known ports of the notes, the three ranges, this"
            + " system's ephemeral range, and a lookup by number or name (from /etc/services where"
            + " present, a built-in list otherwise).",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  lab ports table           # the overview",
      "  lab ports table 443       # which range, which service",
      "  lab ports table ssh       # which port"
    })
public final class TableCommand extends LabCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PORT|NAME",
      description = "A port number (0-65535) or a service name to look up.")
  String query;

  @Override
  protected int run(LabRun run) {
    PortTable table = new PortTable(ServicesDatabase.load(), ProcNet.ephemeralRange());
    run.put("source", table.database().source());
    run.put("ephemeral_range", table.ephemeralJson());
    if (query == null) {
      table.overview().forEach(run.console()::say);
      table.overviewJson().forEach(run::put);
    } else {
      table.lookup(query).forEach(run.console()::say);
      run.put("lookup", table.lookupJson(query));
    }
    return 0;
  }
}
