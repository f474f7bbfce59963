package dev.netlab.dns.server;

import java.util.List;
import org.xbill.DNS.RRset;

/**
 * What the zone data says about one question, before it becomes a message.
 *
 * @param rcode NOERROR, NXDOMAIN or REFUSED ({@link org.xbill.DNS.Rcode})
 * @param authoritative the AA flag: clear for referrals and refusals
 * @param answer the answer section's RRsets, CNAMEs first in chain order
 * @param authority the authority section's: the SOA of a negative answer, the NS of a referral
 * @param additional glue for a referral
 */
public record Answer(
    int rcode,
    boolean authoritative,
    List<RRset> answer,
    List<RRset> authority,
    List<RRset> additional) {

  /** The kind of answer, as the query log and the metrics name it. */
  public enum Kind {
    ANSWER,
    NODATA,
    NXDOMAIN,
    REFERRAL,
    REFUSED
  }

  public Answer {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }
}
