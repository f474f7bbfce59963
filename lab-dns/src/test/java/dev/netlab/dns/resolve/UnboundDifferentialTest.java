package dev.netlab.dns.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.testing.Privileged;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: unbound, configured with the toy root hints, and {@code lab dns resolve} give
 * the same rcode and the same answer records for every name of the hierarchy (unbound's SERVFAIL
 * where ours ends without an answer). unbound only asks port 53, so both run in a fresh network
 * namespace (and PID namespace, so nothing outlives the test) where the hierarchy may bind it.
 */
class UnboundDifferentialTest {
  @TempDir Path dir;

  @Test
  @Timeout(300)
  @Privileged(tools = {"unbound", "unshare", "ip"})
  void unboundAndTheResolverAgreeOnEveryName() throws Exception {
    List<String> cmd =
        List.of(
            "unshare",
            "--net",
            "--pid",
            "--fork",
            "--kill-child",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            UnboundComparison.class.getName(),
            dir.toString());
    Path out = dir.resolve("comparison.out");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean done = p.waitFor(280, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(done).as("the comparison ended in time:\n" + text).isTrue();
    assertThat(text.lines().filter(l -> l.startsWith("SAME ")))
        .as(text)
        .hasSize(UnboundComparison.QUESTIONS.size());
    assertThat(p.exitValue()).as(text).isZero();
  }
}
