package dev.netlab.dns.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may transfer whole zones (AXFR, IXFR): a list of address blocks in CIDR notation. By default
 * this machine only (127.0.0.0/8 and ::1): a zone's every name is more than a client needs, and
 * handing it out is how outsiders map a network. {@code --allow-transfer} replaces the default.
 */
public final class TransferAcl {
  /** This machine's addresses: the whole IPv4 loopback block and IPv6's one loopback address. */
  public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

  private final List<Block> blocks;

  private TransferAcl(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** Transfers to this machine only. */
  public static TransferAcl loopback() {
    return parse(LOOPBACK);
  }

  /**
   * @param cidrs blocks such as {@code 192.0.2.0/24}, {@code 2001:db8::/32} or one address
   * @throws IllegalArgumentException naming the block that is not one, and the form expected
   */
  public static TransferAcl parse(List<String> cidrs) {
    List<Block> blocks = new ArrayList<>();
    for (String cidr : cidrs) {
      blocks.add(Block.parse(cidr));
    }
    return new TransferAcl(blocks);
  }

  /** Whether a client at {@code address} may have a whole zone. */
  public boolean allows(InetAddress address) {
    byte[] a = address.getAddress();
    for (Block b : blocks) {
      if (b.contains(a)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return blocks.stream().map(Block::toString).toList().toString();
  }

  /** One address block: the first {@code bits} bits of {@code prefix}. */
  private record Block(byte[] prefix, int bits, String text) {
    static Block parse(String cidr) {
      String s = cidr.trim();
      int slash = s.indexOf('/');
      String host = slash < 0 ? s : s.substring(0, slash);
      // only literal addresses: a host name here would make the check depend on DNS itself
      if (host.isEmpty() || !(host.contains(":") || host.matches("[0-9.]+"))) {
        throw invalid(cidr, "not an IP address");
      }
      byte[] prefix;
      try {
        prefix = InetAddress.getByName(host).getAddress();
      } catch (UnknownHostException e) {
        throw invalid(cidr, "not an IP address");
      }
      int max = prefix.length * 8;
      int bits = max;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > max) {
          throw invalid(cidr, "the prefix length must be 0 to " + max);
        }
      }
      return new Block(prefix, bits, s);
    }

    private static IllegalArgumentException invalid(String cidr, String why) {
      return new IllegalArgumentException(
          "--allow-transfer '"
              + cidr
              + "': "
              + why
              + "; expected an address block such as 192.0.2.0/24 or 2001:db8::/32");
    }

    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[full] & mask) == (prefix[full] & mask);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
