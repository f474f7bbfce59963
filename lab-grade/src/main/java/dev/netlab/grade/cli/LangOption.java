package dev.netlab.grade.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.grade.Messages;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --lang en|ko} for the grading commands: the language of every grader sentence, on the
 * terminal and in the report files (JSON keys stay English). Without it, LC_ALL, LC_MESSAGES or
 * LANG starting with {@code ko} picks Korean, else English.
 */
public final class LangOption {
  @Option(
      names = "--lang",
      paramLabel = "LANG",
      description =
          "The language of the grader's messages and reports: en or ko (default: ko when LC_ALL,"
              + " LC_MESSAGES or LANG starts with ko, else en).")
  String lang;

  /** Chooses the language for this command; a bad --lang is a usage error. */
  void apply(PrintWriter out, JsonOption json) {
    if (lang == null) {
      Messages.use(Messages.fromEnvironment(System.getenv()));
      return;
    }
    Locale chosen = Messages.LANGUAGES.get(lang);
    if (chosen == null) {
      Messages.use(Locale.ENGLISH);
      throw json.fail(
          out,
          LabException.usage(
              "--lang takes en or ko; got '" + lang + "' (e.g. --lang ko for Korean messages)"));
    }
    Messages.use(chosen);
  }
}
