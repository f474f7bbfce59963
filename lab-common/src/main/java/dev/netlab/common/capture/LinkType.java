package dev.netlab.common.capture;

/**
 * The link layer in front of each captured packet (pcap's LINKTYPE_* values). Which one a capture
 * has depends on the interface and the tool: Linux loopback gives EN10MB with zeroed MACs, the
 * "any" interface gives LINUX_SLL or LINUX_SLL2, BSD/macOS loopback gives NULL, tun devices RAW.
 */
public enum LinkType {
  /** BSD loopback: 4-byte address family in the capturing host's byte order. */
  NULL(0, "BSD loopback", 4),
  /** Ethernet II: destination MAC, source MAC, EtherType. */
  EN10MB(1, "Ethernet", 14),
  /** No link header: the packet starts with the IP header. */
  RAW(101, "raw IP", 0),
  /** OpenBSD loopback: 4-byte address family in network byte order. */
  LOOP(108, "OpenBSD loopback", 4),
  /** Linux "cooked" capture v1, used by the "any" interface. */
  LINUX_SLL(113, "Linux cooked v1", 16),
  /** Linux "cooked" capture v2, with the interface index. */
  LINUX_SLL2(276, "Linux cooked v2", 20);

  /** Some systems write raw IP with the DLT value instead of the LINKTYPE value. */
  private static final int DLT_RAW_A = 12;

  private static final int DLT_RAW_B = 14;

  private final int code;
  private final String description;
  private final int headerLength;

  LinkType(int code, String description, int headerLength) {
    this.code = code;
    this.description = description;
    this.headerLength = headerLength;
  }

  public int code() {
    return code;
  }

  public String description() {
    return description;
  }

  /** Fixed header length in bytes (Ethernet can add 4 per VLAN tag). */
  public int headerLength() {
    return headerLength;
  }

  /**
   * @throws PcapFormatException naming the link types this decoder knows
   */
  public static LinkType of(long code) throws PcapFormatException {
    if (code == DLT_RAW_A || code == DLT_RAW_B) {
      return RAW;
    }
    for (LinkType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new PcapFormatException(
        "unsupported link type "
            + code
            + ": expected one of NULL(0), EN10MB(1), RAW(101), LOOP(108), LINUX_SLL(113),"
            + " LINUX_SLL2(276)");
  }
}
