package dev.netlab.common.base;

import java.io.PrintWriter;

/**
 * Where a lab speaks to people. Narration goes to stdout unless {@code --json} asked for a single
 * JSON object there; notes and errors go to stderr.
 */
public final class Console {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;

  public Console(PrintWriter out, PrintWriter err, boolean quiet) {
    this.out = out;
    this.err = err;
    this.quiet = quiet;
  }

  /** A console that prints nothing: for labs run from tests or from another lab. */
  public static Console silent() {
    PrintWriter sink = new PrintWriter(java.io.Writer.nullWriter());
    return new Console(sink, sink, true);
  }

  /** One narration line. */
  public void say(String format, Object... args) {
    if (!quiet) {
      synchronized (out) {
        out.println(args.length == 0 ? format : String.format(format, args));
        out.flush();
      }
    }
  }

  /** A narration line naming the curriculum claim it shows, such as {@code [TCP-2]}. */
  public void claim(String id, String format, Object... args) {
    say("[" + id + "] " + (args.length == 0 ? format : String.format(format, args)));
  }

  /** A note on stderr, shown even with {@code --json}: something the user should know. */
  public void note(String format, Object... args) {
    synchronized (err) {
      err.println("note: " + (args.length == 0 ? format : String.format(format, args)));
      err.flush();
    }
  }

  /** Prints text on stdout even when narration is off: the final JSON object. */
  public void raw(String text) {
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }

  public boolean quiet() {
    return quiet;
  }
}
