package dev.netlab.dns.query;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Record;

/**
 * A record as a master-file line, as dig prints it. dnsjava writes AAAA addresses the way Java's
 * {@code Inet6Address} does, every group spelled out ({@code 2001:db8:0:0:0:0:0:10}); dig and RFC
 * 5952 write the longest run of zero groups as {@code ::} ({@code 2001:db8::10}).
 */
public final class RecordText {
  private RecordText() {}

  public static String of(Record r) {
    if (!(r instanceof AAAARecord a)) {
      return r.toString();
    }
    String full = r.toString();
    String rdata = r.rdataToString();
    return full.substring(0, full.length() - rdata.length())
        + compressed(a.getAddress().getAddress());
  }

  /** An IPv6 address in RFC 5952's text form (IPv4-mapped addresses left to dnsjava's form). */
  static String compressed(byte[] address) {
    if (address.length != 16) {
      throw new IllegalArgumentException("an IPv6 address has 16 bytes, got " + address.length);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // a single zero group is not compressed (RFC 5952 section 4.2.2)
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
