package dev.netlab.dns.resolve;

import dev.netlab.common.base.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Reads the small files a resolver is given (root hints, its cache): regular files only, so a
 * device such as /dev/zero or a FIFO cannot hang or exhaust it, and never more than a cap.
 */
final class SmallFiles {
  private SmallFiles() {}

  /** Whether {@code file} exists and is not a regular file (a device, a directory, a link). */
  static boolean existsAndIsNotRegular(Path file) {
    return Files.exists(file, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The text of {@code file}, which must be a regular file of at most {@code cap} bytes.
   *
   * @param what what the file is meant to be, for the error: "a hints file given to --hints"
   * @param fix what to do about a file that is not one
   * @throws LabException (usage) naming the file, the cause and {@code fix}
   * @throws IOException when the file cannot be read (missing, no permission)
   */
  static String read(Path file, int cap, String what, String fix) throws IOException {
    if (existsAndIsNotRegular(file)) {
      throw LabException.usage(file + " is not a regular file, so not " + what + ": " + fix);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(cap + 1);
    }
    if (bytes.length > cap) {
      throw LabException.usage(
          file + " is larger than " + mib(cap) + ", more than " + what + " holds: " + fix);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static String mib(int bytes) {
    return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
  }
}
