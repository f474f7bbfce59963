package dev.netlab.common.testing;

import dev.netlab.common.net.LabServer;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a lab server on loopback port 0 before each test and stops it after:
 *
 * <pre>{@code
 * @RegisterExtension
 * final LabServerExtension<EchoServer> echo = new LabServerExtension<>(() -> new EchoServer(...));
 * }</pre>
 */
public final class LabServerExtension<S extends LabServer>
    implements BeforeEachCallback, AfterEachCallback {
  private final Supplier<S> factory;
  private S server;

  public LabServerExtension(Supplier<S> factory) {
    this.factory = factory;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    server = factory.get();
    server.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public S server() {
    return server;
  }

  /** The address the server really bound, with the kernel's port. */
  public InetSocketAddress address() {
    return server.localAddress();
  }
}
