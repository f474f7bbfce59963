package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The RUDP code's layers, read from its main sources: {@code wire} (byte layouts) depends on
 * nothing else of RUDP, {@code protocol} (state machines) on {@code wire} only, and neither on
 * Netty beyond its buffers; only the glue in {@code dev.netlab.udp.rudp} has channels and event
 * loops. Any mention counts, an import or a fully qualified name.
 */
@Timeout(10)
class RudpLayeringTest {
  /** The main sources, from the module's directory (where the tests run). */
  static final Path SOURCES = Path.of("src", "main", "java", "dev", "netlab", "udp", "rudp");

  /** Netty beyond io.netty.buffer (ByteBuf, as Netty's own codecs use). */
  static final String NETTY_BEYOND_BUFFERS = "io\\.netty\\.(?!buffer\\.)";

  @Test
  void wireMentionsNoOtherRudpPackageAndNoNettyBeyondBuffers() throws IOException {
    assertThat(
            violations(
                "wire",
                Pattern.compile("dev\\.netlab\\.udp\\.rudp\\.(?!wire\\.)|" + NETTY_BEYOND_BUFFERS)))
        .isEmpty();
  }

  @Test
  void protocolMentionsNeitherTheGlueNorNettyBeyondBuffers() throws IOException {
    assertThat(
            violations(
                "protocol",
                Pattern.compile(
                    "dev\\.netlab\\.udp\\.rudp\\.(?!wire\\.|protocol\\.)|" + NETTY_BEYOND_BUFFERS)))
        .isEmpty();
  }

  /** Every line of the package's sources, after its package line, that matches {@code banned}. */
  private static List<String> violations(String pkg, Pattern banned) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(SOURCES.resolve(pkg))) {
      files = s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(files).as("sources of %s in %s", pkg, SOURCES.toAbsolutePath()).isNotEmpty();
    List<String> found = new ArrayList<>();
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (!line.startsWith("package ") && banned.matcher(line).find()) {
          found.add(f.getFileName() + ":" + (i + 1) + ": " + line.strip());
        }
      }
    }
    return found;
  }
}
