package dev.netlab.common.testing;

import dev.netlab.common.impair.NftablesRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Decides whether a {@link Privileged} test runs, skips, or (under CI) fails for lack of rights.
 */
public final class PrivilegedCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Privileged p =
        context
            .getElement()
            .flatMap(e -> AnnotationSupport.findAnnotation(e, Privileged.class))
            .orElse(null);
    if (p == null) {
      return ConditionEvaluationResult.enabled("not privileged");
    }
    List<String> missing = new ArrayList<>();
    if (!NftablesRule.isRoot()) {
      missing.add("root");
    }
    for (String tool : p.tools()) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("root and " + String.join(", ", p.tools()));
    }
    String reason = "needs " + String.join(" and ", missing);
    if (inCi()) {
      // Under CI a privileged test must run: report the gap as a failure, never as a skip.
      throw new IllegalStateException(
          "CI=true but this privileged test cannot run: "
              + reason
              + " (.ci/run must run as root and install the tools)");
    }
    return ConditionEvaluationResult.disabled(reason + "; runs as root and under CI=true");
  }

  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
