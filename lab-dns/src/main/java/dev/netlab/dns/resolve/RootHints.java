package dev.netlab.dns.resolve;

import dev.netlab.common.base.LabException;
import dev.netlab.dns.server.ZoneFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Where an iterative resolver starts: the root's servers and their addresses, as BIND's and
 * unbound's {@code named.root} file lists them (NS records for "." and an A record per server).
 *
 * @param servers the root servers
 * @param port the port every server of the hierarchy is asked on (53 in the real DNS)
 * @param translation where to really ask a server of the given address: the toy address translation
 *     of {@code --one-address}, where every server of the hierarchy listens on 127.0.0.1 on a port
 *     of its own; empty when every server is asked at its own address on {@code port}
 */
public record RootHints(
    List<Hint> servers, int port, Map<InetAddress, InetSocketAddress> translation) {
  /** TTL written in the hints file, as in IANA's named.root (the value is not used). */
  static final long HINTS_TTL = 3_600_000;

  /** The largest hints file read: IANA's named.root is 3 KiB; a bound against /dev/zero. */
  static final int MAX_FILE_BYTES = 1 << 20;

  /**
   * One root server.
   *
   * @param name its host name
   * @param address its address
   */
  public record Hint(Name name, InetAddress address) {}

  public RootHints(List<Hint> servers, int port) {
    this(servers, port, Map.of());
  }

  public RootHints {
    servers = List.copyOf(servers);
    translation = Map.copyOf(translation);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("root hints need at least one server");
    }
  }

  /**
   * Where a server of {@code address} is asked: its own address on {@link #port()}, or where the
   * translation says.
   */
  public InetSocketAddress socketAddress(InetAddress address) {
    InetSocketAddress to = translation.get(address);
    return to != null ? to : new InetSocketAddress(address, port);
  }

  /** These hints with {@code translation} applied to every server asked. */
  public RootHints translated(Map<InetAddress, InetSocketAddress> translation) {
    return new RootHints(servers, port, translation);
  }

  /** The hints as a named.root file, one line per string. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(";       root hints of netlab's toy DNS hierarchy (named.root format)");
    for (Hint h : servers) {
      out.add(String.format(".                        %d      NS    %s", HINTS_TTL, h.name()));
    }
    for (Hint h : servers) {
      out.add(
          String.format(
              "%-24s %d      %s     %s",
              h.name(),
              HINTS_TTL,
              h.address() instanceof java.net.Inet6Address ? "AAAA" : "A",
              h.address().getHostAddress()));
    }
    return out;
  }

  /**
   * Reads a named.root-format file: the NS records of "." and the A/AAAA records of their names.
   *
   * @throws LabException naming the file and what is wrong with it
   */
  public static RootHints read(Path file, int port) {
    try {
      String text =
          SmallFiles.read(
              file, MAX_FILE_BYTES, "a root hints file", "give --hints a named.root file");
      return parse(
          new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), file.toString(), port);
    } catch (NoSuchFileException e) {
      throw LabException.usage("no hints file " + file + ": check the path given to --hints");
    } catch (IOException e) {
      throw LabException.usage("cannot read hints file " + file + ": " + e.getMessage());
    }
  }

  static RootHints parse(InputStream in, String source, int port) throws IOException {
    List<Name> names = new ArrayList<>();
    Map<Name, InetAddress> addresses = new HashMap<>();
    try (Master master = new Master(in, Name.root)) {
      Record r;
      while ((r = master.nextRecord()) != null) {
        if (r instanceof NSRecord ns && r.getName().equals(Name.root)) {
          names.add(ns.getTarget());
        } else if (r instanceof ARecord a) {
          addresses.putIfAbsent(a.getName(), a.getAddress());
        } else if (r instanceof AAAARecord a) {
          addresses.putIfAbsent(a.getName(), a.getAddress());
        }
      }
    } catch (org.xbill.DNS.TextParseException e) {
      throw LabException.usage(
          "hints file "
              + ZoneFiles.where(source, e.getMessage())
              + ": give --hints a named.root file ('. NS name' and 'name A address' lines)");
    }
    List<Hint> hints = new ArrayList<>();
    for (Name n : names) {
      if (addresses.containsKey(n)) {
        hints.add(new Hint(n, addresses.get(n)));
      }
    }
    if (hints.isEmpty()) {
      throw LabException.usage(
          "hints file "
              + source
              + " names no root server with an address: it needs '. NS name' and 'name A address'");
    }
    return new RootHints(hints, port);
  }
}
