package dev.netlab.common.capture;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which interface a kernel capture listens on. */
public final class CaptureInterface {
  private CaptureInterface() {}

  /**
   * Where to capture a connection to {@code target}: loopback when the kernel routes it there
   * (loopback addresses and this host's own), otherwise {@code any} on Linux, which holds the
   * route's interface and loopback (where the start marker goes). Elsewhere, loopback.
   */
  public static String interfaceFor(InetAddress target) {
    if (target.isLoopbackAddress() || target.isAnyLocalAddress()) {
      return loopbackInterface();
    }
    if (!loopbackInterface().equals("lo")) {
      return loopbackInterface();
    }
    String dev = routeInterface(ipRouteGet(target));
    return dev == null || dev.equals("lo") ? "lo" : "any";
  }

  /** The interface {@code ip route get} names ("... dev eth0 src ..."), or null. */
  static String routeInterface(String ipRouteGetOutput) {
    Matcher m = Pattern.compile("\\bdev (\\S+)").matcher(ipRouteGetOutput);
    return m.find() ? m.group(1) : null;
  }

  private static String ipRouteGet(InetAddress target) {
    for (String ip : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
      if (!Files.isExecutable(Path.of(ip))) {
        continue;
      }
      try {
        Process p =
            new ProcessBuilder(ip, "route", "get", target.getHostAddress())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(2, TimeUnit.SECONDS);
        return out;
      } catch (IOException e) {
        return "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }
    return "";
  }

  /** {@code lo} on Linux, {@code lo0} on macOS and the BSDs. */
  public static String loopbackInterface() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return os.contains("linux") ? "lo" : "lo0";
  }
}
