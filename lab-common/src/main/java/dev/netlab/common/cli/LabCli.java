package dev.netlab.common.cli;

import dev.netlab.common.base.LabException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

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
    // every subcommand is attached by now: the provider reaches them all
    cl.setDefaultValueProvider(LabCli::defaultValue);
    return cl;
  }

  /** {@code --port}'s default from the command's {@link DefaultPort}; picocli's otherwise. */
  static String defaultValue(CommandLine.Model.ArgSpec arg) {
    if (arg instanceof CommandLine.Model.OptionSpec o
        && o.longestName().equals("--port")
        && o.command().userObject() != null) {
      DefaultPort d = o.command().userObject().getClass().getAnnotation(DefaultPort.class);
      if (d != null) {
        return String.valueOf(d.value());
      }
    }
    return null;
  }

  public static int execute(Object command, String... args) {
    return commandLine(command).execute(args);
  }

  private static int usageError(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().qualifiedName();
    String misplaced = misplacedOption(ex, args);
    // our own sentences: no stack trace, not even with --debug (the option may be what is wrong)
    err.println(
        name
            + ": "
            + (misplaced != null ? misplaced : ex.getMessage())
            + " (see '"
            + name
            + " --help')");
    err.flush();
    if (Arrays.asList(args).contains("--json") && misplaced == null) {
      // a grader reading stdout gets its one object even when the command never ran
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("ok", false);
      out.put("error", ex.getMessage());
      cl.getOut().println(LabRun.json(out));
      cl.getOut().flush();
    }
    return LabException.USAGE;
  }

  /**
   * When an unknown option belongs to a subcommand named later on the line ({@code lab --debug udp
   * send}), where it goes instead; otherwise null.
   */
  static String misplacedOption(ParameterException ex, String[] args) {
    if (!(ex instanceof UnmatchedArgumentException u)) {
      return null;
    }
    CommandLine at = ex.getCommandLine();
    for (String unmatched : u.getUnmatched()) {
      String option =
          unmatched.contains("=") ? unmatched.substring(0, unmatched.indexOf('=')) : unmatched;
      if (!option.startsWith("-")) {
        continue;
      }
      // follow the subcommands named on the line, below where parsing stopped
      CommandLine leaf = at;
      for (String arg : args) {
        CommandLine sub = leaf.getSubcommands().get(arg);
        if (sub != null) {
          leaf = sub;
        }
      }
      if (leaf != at && leaf.getCommandSpec().findOption(option) != null) {
        return option
            + " goes after the command it belongs to: '"
            + leaf.getCommandSpec().qualifiedName()
            + " "
            + option
            + " ...'";
      }
    }
    return null;
  }

  private static int runtimeError(Exception ex, CommandLine cl, java.util.List<String> args) {
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().qualifiedName();
    int code;
    err.println(name + ": " + oneLine(ex));
    code = ex instanceof LabException lab ? lab.exitCode() : LabException.RUNTIME;
    if (args.contains("--debug")) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /**
   * The one line a failed command prints after its name: a {@link LabException}'s sentence, or a
   * description of anything else with where to find more.
   */
  public static String oneLine(Throwable ex) {
    return ex instanceof LabException lab
        ? lab.getMessage()
        : describe(ex) + " (run again with --debug for details)";
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
