package dev.netlab.ports.scan;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/** One protocol's way of probing a port, driven by {@link ScanEngine}. */
interface Prober {
  /** {@code tcp} or {@code udp}. */
  String protocol();

  /**
   * Opens a socket for {@code probe}, sends the first probe and registers the socket with {@code
   * selector}, the probe attached.
   *
   * @return the outcome when it is known at once, else null
   */
  PortResult start(Probe probe, Selector selector) throws IOException;

  /**
   * The socket is ready.
   *
   * @return the outcome, or null while it is still open (a re-probe was sent)
   */
  PortResult ready(Probe probe, SelectionKey key, Selector selector) throws IOException;

  /**
   * The probe's deadline passed without an answer.
   *
   * @return the outcome, or null when a retry was sent
   */
  PortResult expired(Probe probe) throws IOException;
}
