package dev.netlab.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.base.LabException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
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
      run.put("port", port);
      if ("outcome".equals(fail)) {
        return 1;
      }
      run.console().say("narration");
      return 0;
    }
  }

  @Command(
      name = "lab",
      subcommands = {Group.class})
  static final class Top {}

  @Command(
      name = "group",
      subcommands = {Demo.class})
  static final class Group {}

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    return run(new Demo(), args);
  }

  static Result run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = LabCli.commandLine(command);
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
    assertThat(r.out())
        .startsWith("{\"ok\":true,\"error\":null,\"port\":7,")
        .contains("\"metrics\":{");
  }

  @Test
  void narrationWithoutJson() {
    Result r = run("--port", "7");
    assertThat(r.out()).startsWith("narration");
  }

  @Test
  void anOptionBeforeItsSubcommandIsOneLineSayingWhereItGoes() {
    Result r = run(new Top(), "--debug", "group", "demo", "--port", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "lab: --debug goes after the command it belongs to: 'lab group demo --debug ...'"
                + " (see 'lab --help')"
                + System.lineSeparator());
    Result unknown = run(new Top(), "--nonsense", "group", "demo");
    assertThat(unknown.err()).contains("Unknown option: '--nonsense'").doesNotContain("\tat ");
  }

  @Test
  void withJsonAFailedRunStillPrintsItsOneObjectWithTheErrorLine() throws Exception {
    Result r = run("--fail", "lab", "--json", "--port", "7");
    assertThat(r.code()).isEqualTo(1);
    Map<String, Object> json = JSON.std.mapFrom(r.out());
    assertThat(json)
        .containsEntry("ok", false)
        .containsEntry("error", "the thing failed: do this instead")
        .containsKey("metrics");
    assertThat(r.out().lines()).hasSize(1);
  }

  @Test
  void withJsonARunWhoseOutcomeFailedSaysNotOkWithoutAnError() throws Exception {
    Map<String, Object> json = JSON.std.mapFrom(run("--fail", "outcome", "--json").out());
    assertThat(json).containsEntry("ok", false).containsEntry("error", null);
    assertThat(json).containsEntry("port", 0);
    Map<String, Object> fine = JSON.std.mapFrom(run("--json").out());
    assertThat(fine).containsEntry("ok", true).containsEntry("error", null);
  }

  @Test
  void withJsonAUsageErrorPrintsTheObjectToo() throws Exception {
    Result r = run("--json", "--port", "99999");
    assertThat(r.code()).isEqualTo(2);
    Map<String, Object> json = JSON.std.mapFrom(r.out());
    assertThat(json).containsEntry("ok", false);
    assertThat((String) json.get("error")).contains("port 99999 is out of range");
  }
}
