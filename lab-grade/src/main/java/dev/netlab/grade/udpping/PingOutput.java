package dev.netlab.grade.udpping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pinger's output contract (docs/exercises/udp-pinger.md), parsed: one line per ping, {@code
 * seq=K rtt=X ms} or {@code seq=K timeout}; a summary {@code N packets transmitted, M received, P%
 * packet loss}; and, when any reply came, {@code rtt min/avg/max = A/B/C ms}. Other lines are
 * ignored, so a pinger may print more.
 *
 * @param lines each sequence number's report: its rtt in ms, or null for a timeout
 */
record PingOutput(
    Map<Integer, Double> lines,
    Optional<Summary> summary,
    Optional<double[]> rtt,
    String duplicateLine) {

  /** The summary line's figures. */
  record Summary(int transmitted, int received, double lossPercent) {}

  static final Pattern LINE =
      Pattern.compile(
          "^\\s*seq=(\\d+)\\s+(?:rtt=(\\d+(?:\\.\\d+)?)\\s*ms|(timeout))\\s*$",
          Pattern.CASE_INSENSITIVE);
  static final Pattern SUMMARY =
      Pattern.compile(
          "(\\d+) packets transmitted, (\\d+) received, (\\d+(?:\\.\\d+)?)% packet loss",
          Pattern.CASE_INSENSITIVE);
  static final Pattern RTT =
      Pattern.compile(
          "rtt min/avg/max = (\\d+(?:\\.\\d+)?)/(\\d+(?:\\.\\d+)?)/(\\d+(?:\\.\\d+)?) ms",
          Pattern.CASE_INSENSITIVE);

  /** The ping payload's contract: {@code PING K ...} in ASCII. */
  static final Pattern PAYLOAD = Pattern.compile("^PING (\\d{1,9})(?: |$)");

  static PingOutput parse(String text) {
    Map<Integer, Double> lines = new LinkedHashMap<>();
    Summary summary = null;
    double[] rtt = null;
    String duplicate = null;
    for (String line : text.split("\r?\n")) {
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        int seq = Integer.parseInt(m.group(1));
        if (lines.containsKey(seq) && duplicate == null) {
          duplicate = line.strip();
        }
        lines.put(seq, m.group(3) != null ? null : Double.parseDouble(m.group(2)));
        continue;
      }
      Matcher s = SUMMARY.matcher(line);
      if (s.find()) {
        summary =
            new Summary(
                Integer.parseInt(s.group(1)),
                Integer.parseInt(s.group(2)),
                Double.parseDouble(s.group(3)));
        continue;
      }
      Matcher r = RTT.matcher(line);
      if (r.find()) {
        rtt =
            new double[] {
              Double.parseDouble(r.group(1)),
              Double.parseDouble(r.group(2)),
              Double.parseDouble(r.group(3))
            };
      }
    }
    return new PingOutput(lines, Optional.ofNullable(summary), Optional.ofNullable(rtt), duplicate);
  }

  /** The sequence number a ping or reply payload carries. */
  static Optional<Integer> payloadSeq(String payload) {
    Matcher m = PAYLOAD.matcher(payload);
    return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  /** A payload as a message shows it: quoted, anything unprintable as \\xNN. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return sb.append('"').toString();
  }
}
