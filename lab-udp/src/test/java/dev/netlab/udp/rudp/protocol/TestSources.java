package dev.netlab.udp.rudp.protocol;

import java.io.InputStream;

/**
 * {@link RudpSource}'s package-private factories for tests in other packages (the end-to-end tests
 * in {@code dev.netlab.udp.rudp}), so that the source need not widen them for tests alone.
 */
public final class TestSources {
  private TestSources() {}

  /** {@link RudpSource#stream}: {@code length} bytes read from {@code in}. */
  public static RudpSource stream(String name, InputStream in, long length, int chunk) {
    return RudpSource.stream(name, in, length, chunk);
  }
}
