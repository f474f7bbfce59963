package dev.netlab.dns.resolve;

import dev.netlab.dns.query.RecordText;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What an authoritative server's response says to an iterative resolver (RFC 1034 5.3.3). */
final class Responses {
  private Responses() {}

  /** An authoritative answer: AA set, NOERROR (an answer or NODATA) or NXDOMAIN. */
  static boolean isAuthoritative(Message m) {
    int rcode = m.getRcode();
    return (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) && m.getHeader().getFlag(Flags.AA);
  }

  /**
   * The zone a referral sends the resolver to, or null when {@code m} is no referral for {@code
   * name} from a server of {@code zone}: AA clear, no answer, NS records in authority for a zone
   * that holds the name and lies below (or, from a broken server, at) the zone asked.
   */
  static Name referral(Message m, Name name, Name zone) {
    List<Record> ns = ns(m);
    if (m.getRcode() != Rcode.NOERROR
        || m.getHeader().getFlag(Flags.AA)
        || ns.isEmpty()
        || !m.getSection(Section.ANSWER).isEmpty()) {
      return null;
    }
    Name cut = ns.get(0).getName();
    return name.subdomain(cut) && cut.subdomain(zone) ? cut : null;
  }

  /** The first NS RRset of the authority section: a referral's zone cut. */
  static List<Record> ns(Message m) {
    List<Record> ns = new ArrayList<>();
    for (Record r : m.getSection(Section.AUTHORITY)) {
      if (r.getType() == Type.NS && (ns.isEmpty() || ns.get(0).getName().equals(r.getName()))) {
        ns.add(r);
      }
    }
    return ns;
  }

  /** The SOA of a negative answer, or null. */
  static SOARecord soa(Message m) {
    for (Record r : m.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) {
        return soa;
      }
    }
    return null;
  }

  /**
   * The A glue for {@code target}, taken only when the target lies inside the referring zone: a
   * server may not vouch for addresses of names outside its zone (unbound's harden-glue).
   */
  static List<Record> glue(Message m, Name target, Name zone) {
    List<Record> glue = new ArrayList<>();
    for (Record r : m.getSection(Section.ADDITIONAL)) {
      if (r instanceof ARecord && r.getName().equals(target) && target.subdomain(zone)) {
        glue.add(r);
      }
    }
    return glue;
  }

  /** Whether {@code r} answers a question for {@code type}: ANY takes every type. */
  static boolean matches(Record r, int type) {
    return type == Type.ANY || r.getType() == type;
  }

  /**
   * Whether a question for {@code type} ends at the name asked, CNAME or not: a CNAME question asks
   * for the CNAME itself, and ANY (RFC 8482) takes whatever RRset the server gives.
   */
  static boolean endsAtName(int type) {
    return type == Type.CNAME || type == Type.ANY;
  }

  /** The target of the CNAME owned by {@code name} within {@code records}, or null. */
  static Name cnameTarget(Name name, List<Record> records) {
    for (Record r : records) {
      if (r instanceof CNAMERecord c && r.getName().equals(name)) {
        return c.getTarget();
      }
    }
    return null;
  }

  /** Where a CNAME chain starting at {@code name} ends within {@code records} (loops: bounded). */
  static Name chainEnd(Name name, List<Record> records) {
    Name end = name;
    Name next = cnameTarget(end, records);
    for (int hops = 0; next != null && hops < records.size(); hops++) {
      end = next;
      next = cnameTarget(end, records);
    }
    return end;
  }

  /** What an authoritative response is, for its step: NXDOMAIN, NODATA, a CNAME, an answer. */
  static Step.Outcome outcome(Message m, int type) {
    List<Record> answer = m.getSection(Section.ANSWER);
    if (m.getRcode() == Rcode.NXDOMAIN) {
      return Step.Outcome.NXDOMAIN;
    }
    if (answer.isEmpty()) {
      return Step.Outcome.NODATA;
    }
    return answer.stream().anyMatch(r -> matches(r, type))
        ? Step.Outcome.ANSWER
        : Step.Outcome.CNAME;
  }

  /** The phrase a step shows for {@code outcome}. */
  static String summary(Step.Outcome outcome, int type) {
    return switch (outcome) {
      case NXDOMAIN -> "NXDOMAIN: the name does not exist";
      case NODATA -> "NODATA: the name exists, without " + Type.string(type) + " records";
      case CNAME -> "CNAME: the answer goes on elsewhere";
      default -> "answer, authoritative (AA)";
    };
  }

  static List<String> texts(List<Record> records) {
    return records.stream().map(RecordText::of).toList();
  }
}
