package dev.netlab.dns.resolve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of an iterative resolution, printable like a block of {@code dig +trace}: which server
 * was asked (or that the cache answered), the question, what came back, the records that matter,
 * the glue used and the time it took.
 *
 * @param depth 0 for the name asked; 1 and more while looking up the address of a server whose
 *     referral came without glue
 * @param server the server's name and address, as "ns1.shop.test. (127.53.10.1)", or "cache"
 * @param zone the zone the server was asked as a server of
 * @param question the name and type asked, as "www.shop.test. A"
 * @param outcome what came back
 * @param summary one phrase: "referral to shop.test.", "answer", "REFUSED: lame", ...
 * @param records the records that tell it (answer, NS of the referral, SOA of a negative answer)
 * @param glue the glue addresses of a referral, as "ns1.shop.test. A 127.53.10.1"
 * @param micros the query's round trip (0 for the cache)
 */
public record Step(
    int depth,
    String server,
    String zone,
    String question,
    Outcome outcome,
    String summary,
    List<String> records,
    List<String> glue,
    long micros) {

  /** What a step found. */
  public enum Outcome {
    REFERRAL,
    ANSWER,
    CNAME,
    NXDOMAIN,
    NODATA,
    LAME,
    NO_RESPONSE,
    CACHED_REFERRAL,
    CACHED_ANSWER,
    CACHED_NXDOMAIN,
    CACHED_NODATA,
    LOOKUP
  }

  public Step {
    records = List.copyOf(records);
    glue = List.copyOf(glue);
  }

  /** Whether the cache answered this step (no packet was sent). */
  public boolean cached() {
    return outcome.name().startsWith("CACHED_");
  }

  /** The step as text: a header line, then its records indented. */
  public List<String> lines() {
    String indent = "  ".repeat(depth);
    List<String> out = new ArrayList<>();
    if (outcome == Outcome.LOOKUP) {
      out.add(indent + ";; " + summary);
      return out;
    }
    if (cached()) {
      out.add(String.format("%s;; %s: %s", indent, question, summary));
    } else {
      out.add(
          String.format(
              "%s;; %s @%s [zone %s]: %s (%.1f ms)",
              indent, question, server, zone, summary, micros / 1000.0));
    }
    for (String r : records) {
      out.add(indent + r);
    }
    for (String g : glue) {
      out.add(indent + g + "\t; glue");
    }
    return out;
  }

  /** The step for {@code --json}. */
  public Map<String, Object> json() {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("depth", depth);
    j.put("server", server);
    j.put("zone", zone);
    j.put("question", question);
    j.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
    j.put("summary", summary);
    j.put("records", records);
    j.put("glue", glue);
    j.put("cached", cached());
    j.put("time_us", micros);
    return j;
  }
}
