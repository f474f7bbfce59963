package dev.netlab.grade.engine;

import dev.netlab.grade.Messages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * What a case may need from the grading machine ({@code requires} in the exercise file): {@code
 * ipv6} (a socket can bind ::1) or {@code command:NAME} (NAME is on PATH).
 */
final class Requirements {
  private Requirements() {}

  /** Why {@code requirement} is not met here, or empty when it is. */
  static Optional<String> missing(String requirement) {
    if (requirement.equals("ipv6")) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
        return Optional.empty();
      } catch (IOException e) {
        return Optional.of(Messages.get("requires.ipv6"));
      }
    }
    if (requirement.startsWith("command:")) {
      String name = requirement.substring("command:".length());
      return StudentProgram.resolve(name, java.nio.file.Path.of(".")).isPresent()
          ? Optional.empty()
          : Optional.of(Messages.get("requires.command", name));
    }
    return Optional.of(Messages.get("requires.unknown", requirement));
  }
}
