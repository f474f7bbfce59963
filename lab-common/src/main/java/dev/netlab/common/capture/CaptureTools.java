package dev.netlab.common.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The capture tools to try, in order: {@code tcpdump}, then {@code dumpcap}, then {@code tshark},
 * each one found on the PATH or in the sbin directories a normal user's PATH often lacks. The
 * environment variable {@code NETLAB_CAPTURE_TOOL} (a name or a path) makes it that one tool only.
 */
public final class CaptureTools {
  /** The environment variable that picks one tool. */
  public static final String ENV = "NETLAB_CAPTURE_TOOL";

  /** The tools in the order they are tried when {@link #ENV} is not set. */
  static final List<String> NAMES = List.of("tcpdump", "dumpcap", "tshark");

  private final List<Path> tools;
  private final List<String> lookedFor;

  private CaptureTools(List<Path> tools, List<String> lookedFor) {
    this.tools = List.copyOf(tools);
    this.lookedFor = List.copyOf(lookedFor);
  }

  /** The installed tools, or the one {@code NETLAB_CAPTURE_TOOL} names. */
  public static CaptureTools installed() {
    String forced = System.getenv(ENV);
    List<String> names = forced == null || forced.isBlank() ? NAMES : List.of(forced.strip());
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin";
    List<Path> found = new ArrayList<>();
    for (String name : names) {
      if (name.contains("/")) {
        if (Files.isExecutable(Path.of(name))) {
          found.add(Path.of(name));
        }
        continue;
      }
      for (String dir : path.split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          found.add(Path.of(dir, name));
          break;
        }
      }
    }
    return new CaptureTools(found, names);
  }

  /** Exactly these tools, in this order (each named tcpdump, dumpcap or tshark). */
  public static CaptureTools of(Path... tools) {
    List<String> names = new ArrayList<>();
    for (Path t : tools) {
      names.add(t.toString());
    }
    return new CaptureTools(List.of(tools), names);
  }

  List<Path> paths() {
    return tools;
  }

  boolean isEmpty() {
    return tools.isEmpty();
  }

  /** Why there is nothing to try, with the fix. */
  String noneFound() {
    return "no packet capture tool found (looked for "
        + String.join(", ", lookedFor)
        + "): install one, e.g. 'sudo apt-get install tcpdump' or 'sudo apt-get install tshark'"
        + (System.getenv(ENV) == null ? "" : ", or unset " + ENV);
  }
}
