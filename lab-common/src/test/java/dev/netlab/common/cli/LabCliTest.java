package dev.netlab.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.LabException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The error contract: one line, the cause and the fix, exit 2 for usage and 1 for runtime. */
class LabCliTest {
  @Command(name = "demo")
  static final class Demo extends LabCommand {
    @Option(names = "--port", converter = Converters.Port.class)
    int port;

    @Option(names = "--fail")
    String fail;

    @Override
    protected int run(LabRun run) {
      if ("lab".equals(fail)) {
        throw LabException.runtime("the thing failed: do this instead");
      }
      if ("bug".equals(fail)) {
        throw new IllegalStateException("internal state broken");
      }
      run.console().say("narration");
      run.put("port", port);
      return 0;
    }
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = LabCli.commandLine(new Demo());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void usageErrorIsOneLineWithExitTwo() {
    Result r = run("--port", "99999");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("port 99999 is out of range").contains("see 'demo --help'");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void labExceptionPrintsItsSentenceWithItsExitCode() {
    Result r = run("--fail", "lab");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("demo: the thing failed: do this instead" + System.lineSeparator());
  }

  @Test
  void unexpectedErrorIsOneLineWithoutStackTrace() {
    Result r = run("--fail", "bug");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .contains("internal state broken")
        .contains("--debug")
        .doesNotContain("\tat ");
  }

  @Test
  void debugAddsTheStackTrace() {
    Result r = run("--fail", "bug", "--debug");
    assertThat(r.err()).contains("\tat ");
  }

  @Test
  void jsonPrintsExactlyOneObjectAndNoNarration() {
    Result r = run("--port", "7", "--json");
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).hasSize(1);
    assertThat(r.out()).startsWith("{\"port\":7,").contains("\"metrics\":{");
  }

  @Test
  void narrationWithoutJson() {
    Result r = run("--port", "7");
    assertThat(r.out()).startsWith("narration");
  }
}
