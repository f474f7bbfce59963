package dev.netlab.grade.dnsserver;

import java.util.Locale;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Two answers to the same question compared as lab-dns's NsdDifferentialTest compares netlab with
 * NSD: the rcode, the flags that say something, each section's records sorted (record order within
 * a section, the id and the OPT record aside). The additional section is not compared: what goes
 * there is a server's choice.
 */
final class DnsComparison {
  private DnsComparison() {}

  /**
   * What is compared, one line per section.
   *
   * @param flags whether the AA flag is part of it
   */
  static String summary(Message m, boolean flags) {
    StringBuilder s = new StringBuilder();
    s.append("rcode ").append(Rcode.string(m.getRcode()));
    if (flags) {
      s.append(m.getHeader().getFlag(Flags.AA) ? ", aa" : ", no aa");
    }
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      s.append(section == Section.ANSWER ? "; answer: " : "; authority: ");
      String records =
          String.join(
              " | ",
              m.getSection(section).stream()
                  .filter(r -> !(r instanceof OPTRecord))
                  .map(Record::toString)
                  .map(t -> t.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT))
                  .sorted()
                  .toList());
      s.append(records.isEmpty() ? "(none)" : records);
    }
    return s.toString();
  }
}
