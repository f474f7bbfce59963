package dev.netlab.common.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.testing.Privileged;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** scripts/capture.sh and scripts/impair.sh, run as a student runs them. */
@Timeout(60)
class ScriptsTest {
  static final Path SCRIPTS = Path.of("..", "scripts");

  record Result(int code, String out, String err) {}

  static Result run(Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Path out = Files.createTempFile("script", ".out");
    Path err = Files.createTempFile("script", ".err");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("still running after 30 s: " + String.join(" ", command));
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static String script(String name) {
    return SCRIPTS.resolve(name).toString();
  }

  /** {@code command} as the user nobody, with a normal user's PATH (no /usr/sbin). */
  static String[] asNobody(String... command) {
    List<String> c =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=nobody",
                "--regid=nogroup",
                "--clear-groups",
                "env",
                "PATH=/usr/local/bin:/usr/bin:/bin"));
    c.addAll(List.of(command));
    return c.toArray(String[]::new);
  }

  @Test
  void captureHelpPrintsTheHeaderAndNoLineOfTheScript() throws Exception {
    Result r = run(Map.of(), "bash", script("capture.sh"), "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("sudo scripts/capture.sh").doesNotContain("set -euo");
  }

  @Test
  void impairHelpPrintsTheHeaderAndNoLineOfTheScript() throws Exception {
    Result r = run(Map.of(), "bash", script("impair.sh"), "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("impair.sh remove --port").doesNotContain("set -euo");
  }

  @Test
  @Privileged(tools = {"nft", "setpriv"})
  void impairAsANormalUserSaysItNeedsRootNotThatNftIsMissing() throws Exception {
    Result r = run(Map.of(), asNobody("bash", script("impair.sh"), "status"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("needs root").doesNotContain("not installed");
  }

  @Test
  @Privileged(tools = "nft")
  void removeByPortFindsAUdpRuleWithoutProto() throws Exception {
    String table = "netlab_loss_udp_23951";
    try {
      Result add =
          run(
              Map.of(),
              "bash",
              script("impair.sh"),
              "add",
              "--port",
              "23951",
              "--proto",
              "udp",
              "--loss",
              "5");
      assertThat(add.code()).as(add.err()).isZero();
      assertThat(run(Map.of(), "nft", "list", "tables").out()).contains(table);

      Result remove = run(Map.of(), "bash", script("impair.sh"), "remove", "--port", "23951");
      assertThat(remove.code()).as(remove.err()).isZero();
      assertThat(remove.out()).contains("removed: udp loss on port 23951");
      assertThat(run(Map.of(), "nft", "list", "tables").out()).doesNotContain(table);
    } finally {
      run(Map.of(), "nft", "delete", "table", "inet", table);
    }
  }

  @Test
  @Privileged(tools = "dumpcap")
  void captureUnderSudoLeavesAFileTheUserOwnsWithTheRelayPortAndAUdpHint(@TempDir Path dir)
      throws Exception {
    Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path file = dir.resolve("lab.pcapng");
    // as 'sudo scripts/capture.sh' run by the user nobody: root, with SUDO_USER set
    Result r =
        run(
            Map.of("SUDO_USER", "nobody"),
            "bash",
            script("capture.sh"),
            "-d",
            "1",
            "-o",
            file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.getOwner(file).getName()).isEqualTo("nobody");
    assertThat(r.err()).contains("port 10900").contains("udp.port in {");
  }
}
