package dev.netlab.dns.query;

import dev.netlab.common.net.Sockets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** An answer laid out as {@code dig} prints it, and the same figures for {@code --json}. */
public final class DigFormat {
  /** The header flags dig prints, in its order. */
  private static final int[] FLAGS = {
    Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD
  };

  private DigFormat() {}

  /** The dig-like text, one string per line. */
  public static List<String> lines(QueryResult r) {
    Message m = r.response();
    Header h = m.getHeader();
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            ";; ->>HEADER<<- opcode: %s, status: %s, id: %d",
            Opcode.string(h.getOpcode()), Rcode.string(m.getRcode()), h.getID()));
    out.add(
        String.format(
            ";; flags: %s; QUERY: %d, ANSWER: %d, AUTHORITY: %d, ADDITIONAL: %d",
            String.join(" ", flags(h)),
            h.getCount(Section.QUESTION),
            h.getCount(Section.ANSWER),
            h.getCount(Section.AUTHORITY),
            h.getCount(Section.ADDITIONAL)));
    OPTRecord opt = m.getOPT();
    if (opt != null) {
      out.add("");
      out.add(";; OPT PSEUDOSECTION:");
      out.add(
          String.format(
              "; EDNS: version: %d, flags:%s; udp: %d",
              opt.getVersion(), (opt.getFlags() & 0x8000) != 0 ? " do" : "", opt.getPayloadSize()));
    }
    section(out, m, Section.QUESTION, "QUESTION");
    section(out, m, Section.ANSWER, "ANSWER");
    section(out, m, Section.AUTHORITY, "AUTHORITY");
    section(out, m, Section.ADDITIONAL, "ADDITIONAL");
    out.add("");
    out.add(String.format(";; Query time: %d usec", r.micros()));
    out.add(
        String.format(";; SERVER: %s (%s)", Sockets.hostPort(r.server()), r.tcp() ? "TCP" : "UDP"));
    out.add(String.format(";; MSG SIZE  rcvd: %d", r.size()));
    return out;
  }

  private static void section(List<String> out, Message m, int section, String title) {
    List<Record> records = records(m, section);
    if (records.isEmpty()) {
      return;
    }
    out.add("");
    out.add(";; " + title + " SECTION:");
    for (Record rec : records) {
      out.add(section == Section.QUESTION ? ";" + question(rec) : RecordText.of(rec));
    }
  }

  private static String question(Record q) {
    return q.getName()
        + "\t\t"
        + org.xbill.DNS.DClass.string(q.getDClass())
        + "\t"
        + org.xbill.DNS.Type.string(q.getType());
  }

  /** A section's records without the OPT pseudo-record, which dig shows apart. */
  private static List<Record> records(Message m, int section) {
    return m.getSection(section).stream().filter(r -> !(r instanceof OPTRecord)).toList();
  }

  /** The header flags that are set, lower case as dig prints them. */
  public static List<String> flags(Header h) {
    List<String> set = new ArrayList<>();
    for (int f : FLAGS) {
      if (h.getFlag(f)) {
        set.add(Flags.string(f).toLowerCase(Locale.ROOT));
      }
    }
    return set;
  }

  /** The figures for {@code --json}: snake_case keys, records as their text. */
  public static Map<String, Object> json(QueryResult r) {
    Message m = r.response();
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("server", Sockets.hostPort(r.server()));
    j.put("transport", r.tcp() ? "tcp" : "udp");
    j.put("retried_over_tcp", r.retriedOverTcp());
    j.put("id", m.getHeader().getID());
    j.put("rcode", Rcode.string(m.getRcode()));
    j.put("flags", flags(m.getHeader()));
    j.put("question", records(m, Section.QUESTION).stream().map(DigFormat::question).toList());
    j.put("answer", texts(m, Section.ANSWER));
    j.put("authority", texts(m, Section.AUTHORITY));
    j.put("additional", texts(m, Section.ADDITIONAL));
    OPTRecord opt = m.getOPT();
    j.put("edns_udp_size", opt == null ? null : opt.getPayloadSize());
    j.put("query_time_us", r.micros());
    j.put("size", r.size());
    return j;
  }

  private static List<String> texts(Message m, int section) {
    return records(m, section).stream().map(RecordText::of).toList();
  }
}
