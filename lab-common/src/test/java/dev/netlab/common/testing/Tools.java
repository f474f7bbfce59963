package dev.netlab.common.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real peers no one here wrote (nc, socat, tshark): used when installed, required under CI. */
public final class Tools {
  private Tools() {}

  /** Skips the test when {@code tool} is missing, except under CI where .ci/run installs it. */
  public static void require(String tool) {
    boolean present = PrivilegedCondition.onPath(tool);
    if (!present && PrivilegedCondition.inCi()) {
      throw new AssertionError("CI=true but " + tool + " is not installed: .ci/run installs it");
    }
    assumeTrue(present, tool + " is not installed");
  }
}
