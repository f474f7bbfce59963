package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** tshark with scripts/wireshark/rudp.lua loaded, reading a capture file. */
final class Tshark {
  static final Path DISSECTOR = Path.of("..", "scripts", "wireshark", "rudp.lua");

  /** Frames that are malformed: a dissector threw, or flagged the frame as malformed. */
  static final String MALFORMED = "_ws.malformed || _ws.expert.group == 0x07000000";

  private Tshark() {}

  /**
   * The named fields of every frame {@code filter} selects (all frames if empty), one map per frame
   * in field order, a field missing from a frame as "".
   *
   * @param options more tshark options, such as {@code -d udp.port==P,nlrudp}
   */
  static List<Map<String, String>> fields(
      Path pcap, List<String> options, String filter, String... fields) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of("tshark", "-n", "-X", "lua_script:" + DISSECTOR, "-r", pcap.toString()));
    command.addAll(options);
    // frame 1 of a saved capture is KernelCapture's start marker, not the lab's traffic
    String notMarker = dev.netlab.common.capture.KernelCapture.NOT_MARKER;
    command.addAll(
        List.of("-Y", filter.isEmpty() ? notMarker : "(" + filter + ") && " + notMarker));
    command.addAll(List.of("-T", "fields"));
    for (String field : fields) {
      command.addAll(List.of("-e", field));
    }
    Path stderr = Files.createTempFile(pcap.getParent(), "tshark", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(stderr);
    assertThat(p.exitValue()).as(err).isZero();
    // tshark reports a script that fails to load on stderr and carries on without it
    assertThat(err).as("tshark's stderr").doesNotContain("Lua");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : out.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      String[] values = line.split("\t", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < fields.length; i++) {
        row.put(fields[i], i < values.length ? values[i] : "");
      }
      rows.add(row);
    }
    return rows;
  }

  /** The numbers of the frames tshark finds malformed. */
  static List<String> malformedFrames(Path pcap, List<String> options) throws Exception {
    return fields(pcap, options, MALFORMED, "frame.number").stream()
        .map(r -> r.get("frame.number"))
        .toList();
  }

  /** {@code -d udp.port==P,nlrudp} for each port: Decode As, which the heuristic makes optional. */
  static List<String> decodeAs(int... ports) {
    List<String> options = new ArrayList<>();
    for (int port : ports) {
      options.addAll(List.of("-d", "udp.port==" + port + ",nlrudp"));
    }
    return options;
  }
}
