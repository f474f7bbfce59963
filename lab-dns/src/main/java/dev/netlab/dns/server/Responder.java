package dev.netlab.dns.server;

import java.io.IOException;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * Turns one query's bytes into the response's bytes: the message rules around {@link Authority}'s
 * lookup. What RFC 1035, RFC 6891 (EDNS) and RFC 8906 ask of an authoritative server: answer every
 * query that parses (FORMERR, NOTIMP, REFUSED, BADVERS rather than silence), never answer a
 * response, drop what is not DNS at all.
 */
public final class Responder {
  /** A DNS header: shorter input is not DNS (RFC 1035 section 4.1.1). */
  public static final int HEADER_LENGTH = 12;

  /** The largest UDP response to a query without EDNS (RFC 1035 section 4.2.1). */
  public static final int CLASSIC_UDP_SIZE = 512;

  /**
   * The largest UDP response this server sends whatever the requester offers: 1232 bytes fit in one
   * IPv6 packet on a 1280-byte MTU, so answers are never fragmented (DNS flag day 2020).
   */
  public static final int MAX_UDP_SIZE = 1232;

  /** DNS over TCP: the 2-byte length prefix allows 65535 bytes (RFC 7766). */
  public static final int MAX_TCP_SIZE = 65_535;

  /** The EDNS version this server speaks (RFC 6891 section 6.1.3). */
  public static final int EDNS_VERSION = 0;

  private final Authority authority;

  public Responder(Authority authority) {
    this.authority = authority;
  }

  /** The response to {@code query} from a client that may not transfer zones. */
  public Reply respond(byte[] query, boolean tcp) {
    return respond(query, tcp, false);
  }

  /**
   * The response to {@code query} as it arrived over UDP or TCP.
   *
   * @param transferAllowed whether the client may have a whole zone (AXFR over TCP, IXFR)
   * @return a reply whose wire is null when the input gets no answer
   */
  public Reply respond(byte[] query, boolean tcp, boolean transferAllowed) {
    return respond(query, tcp, transferAllowed, authority.zones());
  }

  /**
   * The response from {@code zones}, which the caller read once for this query (a reload may come).
   */
  Reply respond(byte[] query, boolean tcp, boolean transferAllowed, Zones zones) {
    if (query.length < HEADER_LENGTH || isResponse(query)) {
      return Reply.silence();
    }
    Message request;
    try {
      request = new Message(query);
    } catch (IOException | RuntimeException e) {
      return formErr(query);
    }
    Header h = request.getHeader();
    List<Record> questions = request.getSection(Section.QUESTION);
    Record question = questions.size() == 1 ? questions.get(0) : null;
    OPTRecord opt = request.getOPT();
    Message response = new Message(h.getID());
    Header rh = response.getHeader();
    rh.setFlag(Flags.QR);
    rh.setOpcode(h.getOpcode());
    // RD and CD are the requester's: copied back (RFC 1035 4.1.1, RFC 4035 3.1.6)
    if (h.getFlag(Flags.RD)) {
      rh.setFlag(Flags.RD);
    }
    if (h.getFlag(Flags.CD)) {
      rh.setFlag(Flags.CD);
    }
    if (question != null) {
      response.addRecord(question, Section.QUESTION);
    }
    int size = tcp ? MAX_TCP_SIZE : CLASSIC_UDP_SIZE;
    if (opt != null) {
      size = tcp ? MAX_TCP_SIZE : clamp(opt.getPayloadSize());
    }
    int rcode;
    if (h.getOpcode() != Opcode.QUERY) {
      rcode = Rcode.NOTIMP;
    } else if (question == null || !validQuestion(question) || optCount(request) > 1) {
      rcode = Rcode.FORMERR;
    } else if (opt != null && opt.getVersion() > EDNS_VERSION) {
      rcode = Rcode.BADVERS;
    } else if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
      rcode = Rcode.REFUSED;
    } else if (question.getType() == Type.AXFR || question.getType() == Type.IXFR) {
      Transfer t = transfer(zones, request, question, tcp, transferAllowed);
      if (t.messages() != null) {
        return new Reply(
            t.messages().get(0),
            question.getName().toString(),
            Type.string(question.getType()),
            Rcode.string(Rcode.NOERROR),
            t.records(),
            false,
            t.messages().subList(1, t.messages().size()));
      }
      rcode = t.rcode();
      if (t.soa() != null) {
        rh.setFlag(Flags.AA);
        response.addRecord(t.soa(), Section.ANSWER);
      }
    } else {
      Answer a = Authority.lookup(zones, question.getName(), question.getType());
      rcode = a.rcode();
      if (a.authoritative()) {
        rh.setFlag(Flags.AA);
      }
      add(response, a.answer(), Section.ANSWER);
      add(response, a.authority(), Section.AUTHORITY);
      add(response, a.additional(), Section.ADDITIONAL);
    }
    if (opt != null && rcode != Rcode.FORMERR) {
      // DO is copied back (RFC 3225 section 3); other flags are the requester's own business
      response.addRecord(
          new OPTRecord(MAX_UDP_SIZE, rcode >>> 4, EDNS_VERSION, opt.getFlags() & ExtendedFlags.DO),
          Section.ADDITIONAL);
    }
    rh.setRcode(rcode & 0xF);
    byte[] wire = response.toWire(size);
    boolean truncated = (wire[2] & 0x02) != 0;
    int answers = ((wire[6] & 0xFF) << 8) | (wire[7] & 0xFF);
    return new Reply(
        wire,
        question == null ? "-" : question.getName().toString(),
        question == null ? "-" : Type.string(question.getType()),
        Rcode.string(rcode),
        answers,
        truncated,
        List.of());
  }

  /**
   * A zone transfer's outcome: the whole zone's messages, or an rcode with at most the zone's SOA
   * in the answer section.
   */
  private record Transfer(int rcode, SOARecord soa, List<byte[]> messages, int records) {
    static Transfer error(int rcode) {
      return new Transfer(rcode, null, null, 0);
    }
  }

  /**
   * AXFR (RFC 5936) and IXFR (RFC 1995) as NSD answers them: AXFR over UDP is NOTIMP; a name that
   * is no zone apex here NOTAUTH; a client the ACL does not allow REFUSED; an IXFR client that
   * already has the current serial gets the SOA alone; otherwise the whole zone over TCP. This
   * server keeps no history of changes, so an incremental transfer is the whole zone (RFC 1995
   * section 4 allows that). Over UDP an outdated IXFR client gets the SOA alone, which tells it to
   * ask again over TCP (RFC 1995 section 2); NSD sends there as many records as fit instead.
   */
  private static Transfer transfer(
      Zones zones, Message request, Record question, boolean tcp, boolean allowed) {
    int type = question.getType();
    if (type == Type.AXFR && !tcp) {
      return Transfer.error(Rcode.NOTIMP);
    }
    SOARecord clientSoa = null;
    if (type == Type.IXFR) {
      // the client's version: the SOA in the authority section (RFC 1995 section 3)
      for (Record r : request.getSection(Section.AUTHORITY)) {
        if (r instanceof SOARecord soa) {
          clientSoa = soa;
        }
      }
      if (clientSoa == null) {
        return Transfer.error(Rcode.FORMERR);
      }
    }
    ZoneData zone = zones.find(question.getName());
    if (zone == null || !zone.origin().equals(question.getName())) {
      // RFC 5936 section 2.2.1: a name that is no zone apex of this server
      return Transfer.error(Rcode.NOTAUTH);
    }
    if (!allowed) {
      return Transfer.error(Rcode.REFUSED);
    }
    if (type == Type.IXFR && (!tcp || Serial.compare(clientSoa.getSerial(), zone.serial()) >= 0)) {
      return new Transfer(Rcode.NOERROR, zone.soa(), null, 1);
    }
    return new Transfer(
        Rcode.NOERROR, null, ZoneTransfer.messages(request, zone), zone.recordCount() + 1);
  }

  /** QR set: a response. Answering one could start a loop between two servers. */
  private static boolean isResponse(byte[] query) {
    return (query[2] & 0x80) != 0;
  }

  /** The UDP size a requester offered, within what this server sends (RFC 6891 section 6.2.5). */
  static int clamp(int offered) {
    return Math.max(CLASSIC_UDP_SIZE, Math.min(MAX_UDP_SIZE, offered));
  }

  /** A question can ask for data types and ANY, AXFR, IXFR; never for OPT, TSIG or TKEY. */
  private static boolean validQuestion(Record q) {
    int t = q.getType();
    return t != Type.OPT && t != Type.TSIG && t != Type.TKEY;
  }

  private static long optCount(Message m) {
    return m.getSection(Section.ADDITIONAL).stream().filter(r -> r instanceof OPTRecord).count();
  }

  /** The header parsed but the rest did not: FORMERR with the header's id and opcode. */
  private static Reply formErr(byte[] query) {
    Header h;
    try {
      h = new Header(query);
    } catch (IOException e) {
      return Reply.silence();
    }
    Message response = new Message(h.getID());
    Header rh = response.getHeader();
    rh.setFlag(Flags.QR);
    rh.setOpcode(h.getOpcode());
    rh.setRcode(Rcode.FORMERR);
    return new Reply(response.toWire(), "-", "-", Rcode.string(Rcode.FORMERR), 0, false, List.of());
  }

  private static void add(Message m, List<RRset> sets, int section) {
    for (RRset set : sets) {
      for (Record r : set.rrs(false)) {
        m.addRecord(r, section);
      }
    }
  }
}
