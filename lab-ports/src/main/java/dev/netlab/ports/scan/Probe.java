package dev.netlab.ports.scan;

import java.nio.channels.SelectableChannel;

/** One port in flight: its socket, the probes sent so far, and when the current one gives up. */
final class Probe {
  final int index;
  final int port;
  int tries;
  long deadline;

  /** Bumped on every new deadline, so a stale entry in the deadline queue is ignored. */
  int generation;

  boolean done;
  SelectableChannel channel;

  Probe(int index, int port) {
    this.index = index;
    this.port = port;
  }
}
