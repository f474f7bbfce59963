package dev.netlab.common.net;

import java.net.InetSocketAddress;

/**
 * A lab server: started with constructor arguments, bound on {@link #start()}, stopped on {@link
 * #close()}. Tests bind port 0 and read the real port back from {@link #localAddress()}.
 */
public interface LabServer extends AutoCloseable {
  /** Binds and starts serving; returns once the socket is listening. */
  LabServer start() throws InterruptedException;

  /** The bound address, with the real port when port 0 was asked for. */
  InetSocketAddress localAddress();

  /** Stops serving and releases the port and threads. */
  @Override
  void close();
}
