package dev.netlab.udp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab udp send}'s usage errors and help. */
@Timeout(30)
class SendCommandTest {
  record Result(int code, String out, String err) {}

  static Result send(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = LabCli.commandLine(new SendCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void aDirectoryIsRejectedUpFrontWithExitTwo(@TempDir Path dir) {
    // port 9 (discard): nothing is sent; a live receiver once made this hang with no output
    Result r = send(dir.toString(), "--port", "9", "--no-progress");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("cannot read " + dir + " (it is a directory)");
  }

  @Test
  void lossTolerantAndRenoTogetherAreAUsageError() {
    Result r = send("--loss-tolerant", "--reno", "--port", "9");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not both");
  }

  @Test
  void helpSaysWhichCongestionControlIsTheDefault() {
    Result r = send("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("--loss-tolerant")
        .contains("Default: RFC 5681")
        .doesNotContain("--reno");
  }

  @Test
  void aTransferWhoseSequenceNumbersWouldWrapIsRefusedUpFront() {
    // 3 * 2^31 one-byte datagrams: 32-bit sequence numbers would wrap; refused before any socket
    Result r = send("--bytes", "6442450944", "--size", "1", "--port", "9", "--no-progress");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("must not wrap");
  }
}
