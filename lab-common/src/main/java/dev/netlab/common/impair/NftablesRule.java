package dev.netlab.common.impair;

import dev.netlab.common.base.LabException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel impairment on the loopback interface only: an nftables table of its own holding one
 * rule, removed again by {@link #close()}. Packets are dropped on input, after they crossed the
 * interface, so a capture on {@code lo} still shows them leaving: lost on the way, as on a real
 * network. Needs root (CAP_NET_ADMIN); {@code scripts/impair.sh} does the same from a shell.
 */
public final class NftablesRule implements AutoCloseable {
  /** Every table netlab creates starts with this, so they are easy to find and remove. */
  public static final String TABLE_PREFIX = "netlab_";

  private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+) bytes (\\d+)");

  private final String table;
  private final String description;

  private NftablesRule(String table, String description) {
    this.table = table;
    this.description = description;
  }

  /** Whether this process may add nftables rules: root and {@code nft} installed. */
  public static boolean permitted() {
    return isRoot() && nft() != null;
  }

  /** Why {@link #permitted()} is false, with the fix. */
  public static String whyNotPermitted() {
    if (nft() == null) {
      return "nft is not installed: 'sudo apt-get install nftables'";
    }
    return "adding nftables rules needs root: run as root (sudo)";
  }

  /**
   * Drops {@code percent}% of the TCP segments sent to {@code port} on loopback, chosen at random
   * by the kernel. The reverse direction (ACKs) is left alone.
   */
  public static NftablesRule dropTcpToPort(int port, int percent) {
    if (percent < 1 || percent > 100) {
      throw LabException.usage("loss must be 1-100 percent; got " + percent);
    }
    String table = TABLE_PREFIX + "loss_tcp_" + port;
    // numgen random mod 100 gives 0-99: "< 100" is out of its range and nft refuses it, so 100%
    // is a rule without the random draw
    String rule =
        "iifname \"lo\" tcp dport "
            + port
            + (percent == 100 ? "" : " numgen random mod 100 < " + percent)
            + " counter drop";
    return add(table, rule, percent + "% of TCP segments to loopback port " + port);
  }

  /**
   * Drops every SYN (without ACK) to {@code port} on loopback: a connection attempt there sees no
   * answer at all, as with a firewall that drops silently.
   */
  public static NftablesRule dropSyns(int port) {
    String table = TABLE_PREFIX + "drop_syn_" + port;
    String rule =
        "iifname \"lo\" tcp dport " + port + " tcp flags & (syn | ack) == syn counter drop";
    return add(table, rule, "every SYN to loopback port " + port);
  }

  /**
   * Drops every UDP datagram to {@code port} on loopback: the sender hears nothing back, not even
   * the ICMP port unreachable a closed port would send, as behind a firewall that drops silently.
   */
  public static NftablesRule dropUdp(int port) {
    String table = TABLE_PREFIX + "drop_udp_" + port;
    return add(
        table,
        "iifname \"lo\" udp dport " + port + " counter drop",
        "every UDP datagram to loopback port " + port);
  }

  private static NftablesRule add(String table, String rule, String description) {
    if (!permitted()) {
      throw LabException.runtime("cannot impair " + description + ": " + whyNotPermitted());
    }
    run(List.of("delete", "table", "inet", table), true);
    String script =
        "table inet "
            + table
            + " {\n  chain input {\n    type filter hook input priority 0; policy accept;\n    "
            + rule
            + "\n  }\n}\n";
    runScript(script);
    return new NftablesRule(table, description);
  }

  public String description() {
    return description;
  }

  public String table() {
    return table;
  }

  /** Packets the rule has dropped so far. */
  public long dropped() {
    String listing = run(List.of("list", "table", "inet", table), false);
    Matcher m = COUNTER.matcher(listing);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  @Override
  public void close() {
    run(List.of("delete", "table", "inet", table), true);
  }

  private static String run(List<String> args, boolean mayFail) {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(nft());
    cmd.addAll(args);
    return exec(cmd, null, mayFail);
  }

  private static void runScript(String script) {
    exec(List.of(nft(), "-f", "-"), script, false);
  }

  private static String exec(List<String> cmd, String stdin, boolean mayFail) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw LabException.runtime("nft did not finish within 10 s: " + String.join(" ", cmd));
      }
      if (p.exitValue() != 0 && !mayFail) {
        throw LabException.runtime("nft failed (" + out.trim() + "): " + String.join(" ", cmd));
      }
      return out;
    } catch (IOException e) {
      throw LabException.runtime("cannot run nft: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LabException.runtime("interrupted while running nft");
    }
  }

  private static String nft() {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      Path p = Path.of(dir, "nft");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /** Effective uid 0, read from /proc so no native call is needed. */
  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0");
        }
      }
    } catch (IOException | RuntimeException e) {
      return "root".equals(System.getProperty("user.name"));
    }
    return false;
  }
}
