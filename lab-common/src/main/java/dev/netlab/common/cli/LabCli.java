package dev.netlab.common.cli;

import dev.netlab.common.base.LabException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.ConnectException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Runs a picocli command with netlab's error contract: a usage error is one line on stderr naming
 * the cause and where to read more, exit 2; a {@link LabException} prints its sentence and exits
 * with its code; anything else is one line, exit 1, with a stack trace only under {@code --debug}.
 */
public final class LabCli {
  private LabCli() {}

  public static CommandLine commandLine(Object command) {
    CommandLine cl = new CommandLine(command);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(LabCli::usageError);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) ->
            runtimeError(ex, commandLine, parseResult.originalArgs()));
    return cl;
  }

  public static int execute(Object command, String... args) {
    return commandLine(command).execute(args);
  }

  private static int usageError(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().qualifiedName();
    err.println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
    if (Arrays.asList(args).contains("--debug")) {
      ex.printStackTrace(err);
    }
    err.flush();
    return LabException.USAGE;
  }

  private static int runtimeError(Exception ex, CommandLine cl, java.util.List<String> args) {
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().qualifiedName();
    int code;
    if (ex instanceof LabException lab) {
      err.println(name + ": " + lab.getMessage());
      code = lab.exitCode();
    } else {
      err.println(name + ": " + describe(ex) + " (run again with --debug for details)");
      code = LabException.RUNTIME;
    }
    if (args.contains("--debug")) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** One sentence for an unexpected failure. */
  static String describe(Throwable ex) {
    if (ex instanceof BindException || ex instanceof ConnectException) {
      return ex.getMessage();
    }
    String message = ex.getMessage();
    return ex.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
