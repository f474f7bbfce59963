package dev.netlab.app;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "dev" when run from classes. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Lab.class.getPackage().getImplementationVersion();
    return new String[] {"netlab " + (v == null ? "dev" : v)};
  }
}
