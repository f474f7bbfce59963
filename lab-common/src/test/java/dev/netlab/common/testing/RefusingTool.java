package dev.netlab.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A stand-in for a capture tool run by a user who may not capture: it complains and exits 1. */
public final class RefusingTool {
  /** What tcpdump says to a user who may not capture. */
  public static final String TCPDUMP_SAYS =
      "tcpdump: lo: You don't have permission to perform this capture on that device\n"
          + "(socket: Operation not permitted)";

  private RefusingTool() {}

  /** An executable named {@code name} in a directory of its own under {@code dir}. */
  public static Path create(Path dir, String name, String said) throws IOException {
    Path tool = Files.createDirectories(dir.resolve("refusing-" + name)).resolve(name);
    Files.writeString(tool, "#!/bin/sh\ncat >&2 <<'EOF'\n" + said + "\nEOF\nexit 1\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    return tool;
  }
}
