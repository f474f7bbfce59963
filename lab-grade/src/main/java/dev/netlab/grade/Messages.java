package dev.netlab.grade;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;

/**
 * Every sentence the grader shows a student or an instructor, from one resource bundle per language
 * ({@code messages_en.properties}, {@code messages_ko.properties}). Patterns are {@link
 * String#format} patterns, so a translator never meets MessageFormat's quoting rules. The language
 * is chosen once per command ({@link #use}); English is the default.
 */
public final class Messages {
  static final String BUNDLE = "dev.netlab.grade.messages";

  /** The languages the grader speaks, by their --lang names. */
  public static final Map<String, Locale> LANGUAGES =
      Map.of("en", Locale.ENGLISH, "ko", Locale.KOREAN);

  private static final ResourceBundle ENGLISH = load(Locale.ENGLISH);
  private static final ResourceBundle KOREAN = load(Locale.KOREAN);

  private static volatile ResourceBundle current = ENGLISH;

  private Messages() {}

  /** Speaks {@code locale} (English or Korean) from now on. */
  public static void use(Locale locale) {
    current = Locale.KOREAN.getLanguage().equals(locale.getLanguage()) ? KOREAN : ENGLISH;
  }

  /** The language the grader speaks now. */
  public static Locale language() {
    return current == KOREAN ? Locale.KOREAN : Locale.ENGLISH;
  }

  /**
   * The language the environment asks for: the first of LC_ALL, LC_MESSAGES, LANG that is set (as
   * POSIX orders them); Korean when it starts with {@code ko} (ko_KR.UTF-8), else English.
   */
  public static Locale fromEnvironment(Map<String, String> env) {
    return Optional.ofNullable(nonEmpty(env.get("LC_ALL")))
        .or(() -> Optional.ofNullable(nonEmpty(env.get("LC_MESSAGES"))))
        .or(() -> Optional.ofNullable(nonEmpty(env.get("LANG"))))
        .filter(v -> v.startsWith("ko"))
        .map(v -> Locale.KOREAN)
        .orElse(Locale.ENGLISH);
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** The sentence {@code key} with its {@code %s} holes filled, in the current language. */
  public static String get(String key, Object... args) {
    String pattern;
    try {
      pattern = current.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no message '" + key + "' in " + BUNDLE, e);
    }
    return args.length == 0 ? pattern : String.format(Locale.ROOT, pattern, args);
  }

  /** The bundle of {@code locale}'s language, read as UTF-8 whatever the JVM's default. */
  static ResourceBundle load(Locale locale) {
    String name = "/" + BUNDLE.replace('.', '/') + "_" + locale.getLanguage() + ".properties";
    try (InputStream in = Messages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + name);
      }
      return new PropertyResourceBundle(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
