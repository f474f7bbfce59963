package dev.netlab.common.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's socket tables as Linux shows them in {@code /proc/net/tcp}, {@code tcp6}, {@code
 * udp} and {@code udp6}: every socket's local and remote address (the 4-tuple), its TCP state and
 * its inode, which names the process holding it ({@code /proc/PID/fd} links to {@code
 * socket:[INODE]}). What {@code ss -tan} reads, decoded by hand because reading it is the lesson.
 */
public final class ProcNet {
  /** The tables, by protocol name. */
  public enum Table {
    TCP("tcp"),
    TCP6("tcp6"),
    UDP("udp"),
    UDP6("udp6");

    final String file;

    Table(String file) {
      this.file = file;
    }

    public boolean tcp() {
      return this == TCP || this == TCP6;
    }
  }

  /** TCP states by the kernel's number (include/net/tcp_states.h), 1-based. */
  static final String[] TCP_STATES = {
    "ESTABLISHED",
    "SYN_SENT",
    "SYN_RECV",
    "FIN_WAIT1",
    "FIN_WAIT2",
    "TIME_WAIT",
    "CLOSE",
    "CLOSE_WAIT",
    "LAST_ACK",
    "LISTEN",
    "CLOSING",
    "NEW_SYN_RECV"
  };

  /**
   * One socket.
   *
   * @param state the TCP state's name (ESTABLISHED, TIME_WAIT, ...); for UDP "UNCONN" or, for a
   *     connected socket, "ESTABLISHED", as {@code ss} prints them
   * @param inode 0 for a socket no process holds any more (TIME_WAIT)
   */
  public record Entry(
      Table table,
      InetSocketAddress local,
      InetSocketAddress remote,
      String state,
      int uid,
      long inode) {}

  static final Path PROC_NET = Path.of("/proc/net");

  private ProcNet() {}

  /** Whether this system has the tables (Linux). */
  public static boolean available() {
    return Files.isReadable(PROC_NET.resolve("tcp"));
  }

  /** Every socket in {@code table}; empty where the table does not exist. */
  public static List<Entry> read(Table table) throws IOException {
    Path file = PROC_NET.resolve(table.file);
    if (!Files.isReadable(file)) {
      return List.of();
    }
    return parse(table, Files.readAllLines(file, StandardCharsets.US_ASCII));
  }

  /**
   * Every TCP (or UDP) socket, IPv4 and IPv6 tables together: a Java socket is often an IPv6 one
   * even for 127.0.0.1 (shown as ::ffff:127.0.0.1, decoded here as the IPv4 address).
   */
  public static List<Entry> readAll(boolean tcp) throws IOException {
    List<Entry> all = new ArrayList<>(read(tcp ? Table.TCP : Table.UDP));
    all.addAll(read(tcp ? Table.TCP6 : Table.UDP6));
    return all;
  }

  /** The lines of one table, header first. */
  static List<Entry> parse(Table table, List<String> lines) {
    List<Entry> out = new ArrayList<>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10) {
        continue;
      }
      int st = Integer.parseInt(f[3], 16);
      String state =
          table.tcp()
              ? (st >= 1 && st <= TCP_STATES.length ? TCP_STATES[st - 1] : "UNKNOWN(" + st + ")")
              : st == 1 ? "ESTABLISHED" : "UNCONN";
      out.add(
          new Entry(
              table,
              address(f[1]),
              address(f[2]),
              state,
              Integer.parseInt(f[7]),
              Long.parseLong(f[9])));
    }
    return out;
  }

  /**
   * Decodes {@code 0100007F:2717}: the address in the kernel's byte order, each 32-bit word printed
   * as a little-endian number on x86 and ARM (so 127.0.0.1 reads 0100007F), then the port in hex.
   */
  static InetSocketAddress address(String hex) {
    int colon = hex.indexOf(':');
    String a = hex.substring(0, colon);
    int port = Integer.parseInt(hex.substring(colon + 1), 16);
    byte[] bytes = new byte[a.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = word * 8 + (3 - i) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(a.substring(at, at + 2), 16);
      }
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + hex, e);
    }
  }

  /**
   * The process holding the socket with {@code inode}, as {@code "pid 1234 (java)"}, found by
   * reading every {@code /proc/PID/fd}; empty when none is found or the system does not let this
   * user look (another user's processes).
   */
  public static Optional<String> owner(long inode) {
    if (inode == 0) {
      return Optional.empty();
    }
    String target = "socket:[" + inode + "]";
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
          for (Path fd : fds) {
            if (target.equals(String.valueOf(Files.readSymbolicLink(fd)))) {
              return Optional.of(describe(proc));
            }
          }
        } catch (IOException | SecurityException e) {
          // not ours to look at, or gone meanwhile
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String describe(Path proc) {
    String name;
    try {
      name = Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      name = "?";
    }
    return "pid " + proc.getFileName() + " (" + name + ")";
  }

  /**
   * Who holds {@code port} in TCP's LISTEN state (or, for UDP, bound), as {@code "pid 1234
   * (java)"}; empty when it cannot be told.
   */
  public static Optional<String> portOwner(int port, boolean udp) {
    try {
      for (Entry e : readAll(!udp)) {
        if (e.local().getPort() == port && (udp || e.state().equals("LISTEN"))) {
          Optional<String> who = owner(e.inode());
          if (who.isPresent()) {
            return who;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** A range of ports, both ends included. */
  public record PortRange(int first, int last) {
    public boolean contains(int port) {
      return port >= first && port <= last;
    }

    public int size() {
      return last - first + 1;
    }

    @Override
    public String toString() {
      return first + "-" + last;
    }
  }

  /**
   * The ephemeral ports this system gives a client that did not bind a port: {@code
   * net.ipv4.ip_local_port_range} (two numbers); empty where it cannot be read.
   */
  public static Optional<PortRange> ephemeralRange() {
    try {
      return sysctl("net.ipv4.ip_local_port_range").flatMap(ProcNet::parseRange);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * A kernel setting by its sysctl name ({@code net.ipv4.icmp_msgs_per_sec}), read from {@code
   * /proc/sys}; empty where there is none. Read line by line: {@code Files.readString} trusts the
   * file's size, and JDK 17 returns one byte of a {@code /proc/sys} file that way.
   */
  public static Optional<String> sysctl(String name) {
    Path file = Path.of("/proc/sys", name.split("\\."));
    try {
      return Optional.of(
          String.join("\n", Files.readAllLines(file, StandardCharsets.US_ASCII)).trim());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static Optional<PortRange> parseRange(String text) {
    String[] f = text.trim().split("\\s+");
    if (f.length != 2) {
      return Optional.empty();
    }
    int first = Integer.parseInt(f[0]);
    int last = Integer.parseInt(f[1]);
    return first <= last ? Optional.of(new PortRange(first, last)) : Optional.empty();
  }
}
