package dev.netlab.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
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

  /** A java.util.Formatter specifier: explicit index or {@code <}, flags, width, precision. */
  static final Pattern SPEC = Pattern.compile("%(\\d+\\$|<)?[-#+ 0,(]*\\d*(?:\\.\\d+)?([a-zA-Z%])");

  /** Which argument each specifier of {@code pattern} formats, and as what (1 -> d, 2 -> s). */
  static Map<Integer, Character> holes(String pattern) {
    Map<Integer, Character> holes = new TreeMap<>();
    Matcher m = SPEC.matcher(pattern);
    int ordinary = 0;
    int last = 0;
    while (m.find()) {
      char conversion = m.group(2).charAt(0);
      if (conversion == '%' || conversion == 'n') {
        continue;
      }
      String index = m.group(1);
      int arg =
          index == null
              ? ++ordinary
              : index.equals("<") ? last : Integer.parseInt(index.substring(0, index.length() - 1));
      holes.merge(arg, conversion, (a, b) -> a == b ? a : '?');
      last = arg;
    }
    return holes;
  }

  @Test
  void everyKeyIsInBothLanguagesWithTheSameArgumentsAndNoEmptyValue() {
    ResourceBundle en = Messages.load(Locale.ENGLISH);
    ResourceBundle ko = Messages.load(Locale.KOREAN);
    assertThat(new TreeSet<>(ko.keySet())).as("Korean keys").isEqualTo(new TreeSet<>(en.keySet()));
    for (String key : en.keySet()) {
      assertThat(ko.getString(key)).as("Korean %s", key).isNotBlank();
      assertThat(en.getString(key)).as("English %s", key).isNotBlank();
      assertThat(holes(ko.getString(key)))
          .as("the %%-arguments of %s in Korean and English", key)
          .isEqualTo(holes(en.getString(key)));
    }
  }

  @Test
  void theArgumentCheckSeesIndexesAndTypes() {
    assertThat(holes("%s %3$d %2$s %<s %d%%")).isEqualTo(Map.of(1, 's', 2, '?', 3, 'd'));
    assertThat(holes("%2$d %1$s")).isNotEqualTo(holes("%d %s"));
  }

  @Test
  void koreanIsReadAsUtf8AndFilledIn() {
    try {
      Messages.use(Locale.KOREAN);
      assertThat(Messages.get("case.passed")).isEqualTo("통과");
      assertThat(Messages.get("report.table_total", 3, 15)).isEqualTo("점수 3/15");
    } finally {
      Messages.use(Locale.ENGLISH);
    }
    assertThat(Messages.get("case.passed")).isEqualTo("passed");
  }

  @Test
  void theEnvironmentPicksKoreanOnlyWhenItsLocaleStartsWithKo() {
    assertThat(Messages.fromEnvironment(Map.of("LANG", "ko_KR.UTF-8"))).isEqualTo(Locale.KOREAN);
    assertThat(Messages.fromEnvironment(Map.of("LC_MESSAGES", "ko_KR"))).isEqualTo(Locale.KOREAN);
    assertThat(Messages.fromEnvironment(Map.of("LC_ALL", "C", "LANG", "ko_KR.UTF-8")))
        .isEqualTo(Locale.ENGLISH);
    assertThat(Messages.fromEnvironment(Map.of("LC_ALL", "", "LANG", "ko_KR.UTF-8")))
        .isEqualTo(Locale.KOREAN);
    assertThat(Messages.fromEnvironment(Map.of("LANG", "en_US.UTF-8"))).isEqualTo(Locale.ENGLISH);
    assertThat(Messages.fromEnvironment(Map.of())).isEqualTo(Locale.ENGLISH);
  }

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
