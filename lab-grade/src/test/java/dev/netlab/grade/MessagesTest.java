package dev.netlab.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every sentence comes from the bundle: each key the code asks for exists, and each key in the
 * bundle is asked for, so a translation (messages_ko.properties) covers exactly what is shown.
 */
@Timeout(10)
class MessagesTest {
  static final Pattern GET = Pattern.compile("Messages\\.get\\(\\s*\"([a-z_.0-9]+)\"");

  @Test
  void theCodeAndTheBundleNameTheSameKeys() throws IOException {
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = GET.matcher(Files.readString(f));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    Set<String> bundle = new TreeSet<>(Messages.load(Locale.ENGLISH).keySet());
    assertThat(used).as("keys the code uses").isSubsetOf(bundle);
    assertThat(bundle).as("keys in the bundle").isSubsetOf(used);
  }
}
