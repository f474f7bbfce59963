package dev.netlab.dns.resolve;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.transport.Transport;
import dev.netlab.dns.hierarchy.Hierarchy;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The toy hierarchy on one free port, started by the test, stopped after it. */
final class HierarchyFixture implements AfterEachCallback {
  private Hierarchy hierarchy;

  Hierarchy start(Path dir) throws InterruptedException {
    hierarchy = Hierarchy.start(dir, 0, LabRun.quiet(Transport.best()));
    return hierarchy;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (hierarchy != null) {
      hierarchy.close();
    }
  }
}
