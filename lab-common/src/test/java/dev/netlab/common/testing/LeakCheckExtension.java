package dev.netlab.common.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test after which Netty reports a leaked buffer, naming the buffer's records. Registered
 * for every test class through {@code META-INF/services} (this module's test-jar carries it to the
 * others) and {@code junit.jupiter.extensions.autodetection.enabled} (the parent pom's surefire
 * configuration). Runs after the test's own {@code @AfterEach}, so the servers it stopped have let
 * go of their buffers; after all tests of a class too, for what {@code @AfterAll} released.
 */
public final class LeakCheckExtension implements AfterEachCallback, AfterAllCallback {
  @Override
  public void afterEach(ExtensionContext context) {
    Leaks.assertNone(
        context.getRequiredTestClass().getSimpleName() + " " + context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Leaks.assertNone("all tests of " + context.getDisplayName());
  }
}
