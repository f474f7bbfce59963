package dev.netlab.grade.portscan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scanner's output as the port-scanner page defines it: one line {@code PORT/tcp STATE} per port
 * (STATE open, closed or filtered); other lines are ignored.
 *
 * @param states each port's state as printed, in the order printed
 * @param twice ports printed more than once
 */
record ScanOutput(Map<Integer, String> states, List<Integer> twice) {
  private static final Pattern LINE =
      Pattern.compile("^\\s*(\\d{1,5})/tcp\\s+(open|closed|filtered)\\b.*$");

  static ScanOutput parse(String text) {
    Map<Integer, String> states = new LinkedHashMap<>();
    List<Integer> twice = new ArrayList<>();
    for (String line : text.split("\\R")) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        int port = Integer.parseInt(m.group(1));
        if (states.put(port, m.group(2)) != null) {
          twice.add(port);
        }
      }
    }
    return new ScanOutput(states, twice);
  }

  /** {@code 40000-40049,41234}: ascending ports as nmap's {@code -p} writes them. */
  static String portList(Iterable<Integer> ascending) {
    StringBuilder out = new StringBuilder();
    int first = -1;
    int last = -1;
    for (int p : ascending) {
      if (p == last + 1 && first >= 0) {
        last = p;
        continue;
      }
      append(out, first, last);
      first = p;
      last = p;
    }
    append(out, first, last);
    return out.toString();
  }

  private static void append(StringBuilder out, int first, int last) {
    if (first < 0) {
      return;
    }
    if (out.length() > 0) {
      out.append(',');
    }
    out.append(first);
    if (last > first) {
      out.append('-').append(last);
    }
  }
}
