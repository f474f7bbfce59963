package dev.netlab.ports.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which name goes with which port: the system's services database ({@code /etc/services}, what
 * {@code getservbyname(3)} reads) where present, the {@link WellKnownPorts built-in list}
 * otherwise. {@link #source()} says which, so the user knows where a name came from.
 */
public final class ServicesDatabase {
  /** The system's database on Linux, macOS and the BSDs. */
  public static final Path ETC_SERVICES = Path.of("/etc/services");

  /** What {@link #source()} says when there is no system database. */
  public static final String BUILT_IN = "built-in list";

  private final List<ServiceEntry> entries;
  private final String source;

  ServicesDatabase(List<ServiceEntry> entries, String source) {
    this.entries = List.copyOf(entries);
    this.source = source;
  }

  /** The system's database, or the built-in list where it is missing, unreadable or empty. */
  public static ServicesDatabase load() {
    return load(ETC_SERVICES);
  }

  static ServicesDatabase load(Path file) {
    try {
      List<ServiceEntry> parsed = parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
      if (!parsed.isEmpty()) {
        return new ServicesDatabase(parsed, file.toString());
      }
    } catch (IOException | RuntimeException e) {
      // no database here (a container, Windows): the built-in list instead
    }
    return builtIn();
  }

  public static ServicesDatabase builtIn() {
    return new ServicesDatabase(WellKnownPorts.builtIn(), BUILT_IN);
  }

  /**
   * Lines such as {@code http 80/tcp www # WorldWideWeb HTTP}: name, port/protocol, aliases, an
   * optional comment. Lines that do not fit are skipped, as {@code getservent(3)} does.
   */
  static List<ServiceEntry> parse(List<String> lines) {
    List<ServiceEntry> out = new ArrayList<>();
    for (String line : lines) {
      int hash = line.indexOf('#');
      String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
      if (f.length < 2) {
        continue;
      }
      int slash = f[1].indexOf('/');
      if (slash < 1) {
        continue;
      }
      int port;
      try {
        port = Integer.parseInt(f[1].substring(0, slash));
      } catch (NumberFormatException e) {
        continue;
      }
      if (port < 0 || port > 65_535) {
        continue;
      }
      out.add(
          new ServiceEntry(
              f[0],
              port,
              f[1].substring(slash + 1).toLowerCase(Locale.ROOT),
              Arrays.asList(f).subList(2, f.length),
              ""));
    }
    return out;
  }

  /** Where the names come from: the file's path or {@link #BUILT_IN}. */
  public String source() {
    return source;
  }

  /** Every entry for {@code port}, TCP before UDP as the file lists them. */
  public List<ServiceEntry> byPort(int port) {
    return entries.stream().filter(e -> e.port() == port).toList();
  }

  /** Every entry named {@code name} or with it as an alias. */
  public List<ServiceEntry> byName(String name) {
    return entries.stream().filter(e -> e.named(name)).toList();
  }

  /**
   * The name a scanner shows for {@code port}: the lab's service at 10000 + N first ({@code echo
   * (lab)}), then the database's name for that protocol, else {@code unknown} as nmap says.
   */
  public String nameFor(int port, String protocol) {
    String lab = WellKnownPorts.labService(port);
    if (lab != null) {
      return lab + " (lab)";
    }
    return entries.stream()
        .filter(e -> e.port() == port && e.protocol().equals(protocol))
        .map(ServiceEntry::name)
        .findFirst()
        .orElse("unknown");
  }
}
