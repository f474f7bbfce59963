package dev.netlab.dns.server;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A full zone transfer (AXFR, RFC 5936) as TCP messages: the SOA, every other record, the SOA
 * again, cut into messages that each fit DNS over TCP's 65535 bytes.
 */
final class ZoneTransfer {
  /**
   * Uncompressed record bytes per message: below 65535 with room for the header and question, so a
   * message never needs truncating (compression only makes it smaller).
   */
  static final int MESSAGE_BUDGET = 60_000;

  private ZoneTransfer() {}

  /** The messages of the transfer of {@code zone}, answering {@code query}. */
  static List<byte[]> messages(Message query, ZoneData zone) {
    List<Record> records = new ArrayList<>(zone.records());
    records.add(zone.soa());
    List<byte[]> messages = new ArrayList<>();
    Message m = start(query, true);
    int bytes = 0;
    for (Record r : records) {
      int size = r.toWire(Section.ANSWER).length;
      if (bytes > 0 && bytes + size > MESSAGE_BUDGET) {
        messages.add(m.toWire());
        m = start(query, false);
        bytes = 0;
      }
      m.addRecord(r, Section.ANSWER);
      bytes += size;
    }
    messages.add(m.toWire());
    return messages;
  }

  /** A message of the transfer; the first one repeats the question (RFC 5936 section 2.2.1). */
  private static Message start(Message query, boolean first) {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    m.getHeader().setOpcode(Opcode.QUERY);
    if (first) {
      m.addRecord(query.getQuestion(), Section.QUESTION);
    }
    return m;
  }
}
