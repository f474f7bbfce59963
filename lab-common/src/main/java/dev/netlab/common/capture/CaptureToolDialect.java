package dev.netlab.common.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How each capture tool is told what to capture, and how to read what it says on stderr: why it
 * refused, and how many packets the kernel dropped before it could read them.
 */
final class CaptureToolDialect {
  private static final Pattern TCPDUMP_DROPS = Pattern.compile("(\\d+) packets? dropped by kernel");
  private static final Pattern DUMPCAP_DROPS =
      Pattern.compile("Packets received/dropped on interface '[^']*': \\d+/(\\d+)");
  private static final Pattern OTHER_DROPS = Pattern.compile("(\\d+) packets? dropped");

  private CaptureToolDialect() {}

  /** The kernel drops a tool reported on stderr when it stopped, or null if it said none. */
  static Long droppedIn(String said) {
    for (Pattern p : List.of(DUMPCAP_DROPS, TCPDUMP_DROPS, OTHER_DROPS)) {
      Matcher m = p.matcher(said);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    return null;
  }

  static boolean isPermission(String said) {
    String lower = said.toLowerCase(Locale.ROOT);
    return lower.contains("permission to capture")
        || lower.contains("permission to perform this capture")
        || lower.contains("not permitted");
  }

  /** The one line of a tool's stderr that says why it stopped. */
  static String reason(String said) {
    List<String> lines = said.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    for (String l : lines) {
      String lower = l.toLowerCase(Locale.ROOT);
      if (lower.contains("permission to capture")
          || lower.contains("permission to perform this capture")) {
        return shorten(l);
      }
    }
    for (String l : lines) {
      if (l.toLowerCase(Locale.ROOT).contains("not permitted")) {
        return shorten(l);
      }
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      String l = lines.get(i);
      if (!l.startsWith("Capturing on")
          && !l.matches("(?i)\\w+:\\s*")
          && !l.matches("\\d+ packets? captured")) {
        return shorten(l);
      }
    }
    return "it stopped at once and said nothing";
  }

  private static String shorten(String line) {
    return line.length() <= 160 ? line : line.substring(0, 157) + "...";
  }

  /** One line: what each tool said, and how to allow capturing. */
  static String explain(List<String> refusals, boolean permission) {
    String said = String.join("; ", refusals);
    if (!permission) {
      return "no capture tool could capture (" + said + ")";
    }
    return "capturing kernel packets needs privilege ("
        + said
        + "): run as root (sudo), or let your user capture with dumpcap: on Debian/Ubuntu"
        + " 'sudo dpkg-reconfigure wireshark-common' (answer yes), 'sudo usermod -aG wireshark"
        + " $USER', then log in again; "
        + CaptureTools.ENV
        + "=dumpcap makes the lab use only that tool";
  }

  static List<String> command(String toolPath, String iface, String filter) {
    String name = Path.of(toolPath).getFileName().toString();
    String snap = String.valueOf(KernelCapture.SNAP_LENGTH);
    List<String> cmd = new ArrayList<>();
    cmd.add(toolPath);
    switch (name) {
      case "tcpdump" -> {
        // -B counts KiB; -U and --immediate-mode hand each packet over at once
        cmd.addAll(List.of("-i", iface, "-n", "-U", "--immediate-mode"));
        cmd.addAll(List.of("-B", String.valueOf(KernelCapture.BUFFER_MIB * 1024), "-s", snap));
        cmd.addAll(List.of("-w", "-", filter));
      }
      case "dumpcap" ->
          cmd.addAll(
              List.of(
                  "-i",
                  iface,
                  "-P",
                  "-B",
                  String.valueOf(KernelCapture.BUFFER_MIB),
                  "-s",
                  snap,
                  "-f",
                  filter,
                  "-w",
                  "-"));
      default ->
          cmd.addAll(
              List.of(
                  "-i",
                  iface,
                  "-F",
                  "pcap",
                  "-B",
                  String.valueOf(KernelCapture.BUFFER_MIB),
                  "-s",
                  snap,
                  "-f",
                  filter,
                  "-w",
                  "-"));
    }
    return cmd;
  }
}
