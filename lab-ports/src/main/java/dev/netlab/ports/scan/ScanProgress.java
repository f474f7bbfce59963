package dev.netlab.ports.scan;

/** Told of each finished port, from the scanning thread. */
@FunctionalInterface
public interface ScanProgress {
  ScanProgress NONE = r -> {};

  void done(PortResult result);
}
