package dev.netlab.ports.table;

import java.util.List;

/**
 * One line of a services database: a name, a port and a protocol, as {@code /etc/services} has
 * {@code ssh 22/tcp}.
 *
 * @param aliases other names of the same service ({@code www} for {@code http})
 * @param description what it is, from the built-in list; empty from {@code /etc/services}, whose
 *     comments are not descriptions
 */
public record ServiceEntry(
    String name, int port, String protocol, List<String> aliases, String description) {
  public ServiceEntry {
    aliases = List.copyOf(aliases);
  }

  /** Whether {@code text} is this service's name or one of its aliases (case ignored). */
  public boolean named(String text) {
    return name.equalsIgnoreCase(text) || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(text));
  }
}
