package dev.netlab.grade;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every sentence the grader shows a student or an instructor, from one resource bundle ({@code
 * messages_en.properties}; a {@code messages_ko.properties} beside it adds Korean). Patterns are
 * {@link String#format} patterns, so a translator never meets MessageFormat's quoting rules.
 */
public final class Messages {
  static final String BUNDLE = "dev.netlab.grade.messages";

  private static final ResourceBundle ENGLISH = load(Locale.ENGLISH);

  private Messages() {}

  /** The sentence {@code key} with its {@code %s} holes filled. */
  public static String get(String key, Object... args) {
    String pattern;
    try {
      pattern = ENGLISH.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no message '" + key + "' in " + BUNDLE, e);
    }
    return args.length == 0 ? pattern : String.format(Locale.ROOT, pattern, args);
  }

  static ResourceBundle load(Locale locale) {
    return ResourceBundle.getBundle(
        BUNDLE,
        locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }
}
