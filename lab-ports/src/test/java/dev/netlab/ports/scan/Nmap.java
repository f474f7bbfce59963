package dev.netlab.ports.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Runs the real nmap over loopback ports and reads each port's state and reason from its XML. */
final class Nmap {
  private static final Pattern PORT =
      Pattern.compile(
          "<port protocol=\"(\\w+)\" portid=\"(\\d+)\"><state state=\"([^\"]+)\" reason=\"([^\"]+)\"");
  private static final Pattern EXTRA = Pattern.compile("<extraports state=\"([^\"]+)\"");

  private Nmap() {}

  /**
   * @param type {@code -sT} or {@code -sU}
   * @return "state reason" by port; ports nmap summed up as extraports get that state and no reason
   */
  static Map<Integer, String> scan(String type, int... ports)
      throws IOException, InterruptedException {
    String list = IntStream.of(ports).mapToObj(String::valueOf).collect(Collectors.joining(","));
    Process p =
        new ProcessBuilder(
                "nmap",
                type,
                "-n",
                "-Pn",
                "--reason",
                "-T4",
                "--max-retries",
                "2",
                "-p",
                list,
                "-oX",
                "-",
                "127.0.0.1")
            .redirectErrorStream(true)
            .start();
    String xml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("nmap failed: " + xml);
    }
    Map<Integer, String> out = new TreeMap<>();
    Matcher m = PORT.matcher(xml);
    while (m.find()) {
      out.put(Integer.parseInt(m.group(2)), m.group(3) + " " + m.group(4));
    }
    Matcher extra = EXTRA.matcher(xml);
    if (extra.find()) {
      for (int port : ports) {
        out.putIfAbsent(port, extra.group(1));
      }
    }
    return out;
  }
}
