package dev.netlab.ports.cli;

import dev.netlab.common.cli.LabCli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a {@code lab ports} command in the test's JVM and keeps what it printed. */
final class PortsCli {
  record Result(int code, String out, String err) {}

  private PortsCli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = LabCli.commandLine(new PortsLab());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }
}
