package dev.netlab.dns.resolve;

import dev.netlab.dns.query.RecordText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The outcome of {@link IterativeResolver#resolve}: every step, then either the final answer (an
 * rcode, NXDOMAIN included, with its records) or the one-line reason the walk stopped.
 *
 * @param name the name asked for
 * @param type the type asked for
 * @param rcode the final answer's rcode; meaningless when {@code failure} is set
 * @param answer the answer records (CNAMEs on the way included), TTLs as the resolver hands them
 *     out
 * @param authority the SOA of a negative answer (NXDOMAIN, NODATA), else empty
 * @param steps what was asked and what came back, in order
 * @param failure why there is no answer (a loop, a lame delegation, missing glue, a limit), or null
 * @param micros the whole resolution's time
 */
public record Resolution(
    Name name,
    int type,
    int rcode,
    List<Record> answer,
    List<Record> authority,
    List<Step> steps,
    String failure,
    long micros) {

  public Resolution {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    steps = List.copyOf(steps);
  }

  /** Whether the walk ended with an answer (NOERROR, NXDOMAIN or NODATA). */
  public boolean answered() {
    return failure == null;
  }

  /** "NOERROR", "NXDOMAIN", ..., or "FAILED" when the walk stopped without an answer. */
  public String status() {
    return answered() ? Rcode.string(rcode) : "FAILED";
  }

  /** How many steps the cache answered. */
  public long cachedSteps() {
    return steps.stream().filter(Step::cached).count();
  }

  /** Every step, then the final answer, as text. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    for (Step s : steps) {
      out.addAll(s.lines());
      out.add("");
    }
    if (!answered()) {
      out.add(";; no answer: " + failure);
      return out;
    }
    String kind =
        rcode == Rcode.NOERROR && answer.stream().noneMatch(r -> Responses.matches(r, type))
            ? "NODATA"
            : Rcode.string(rcode);
    out.add(String.format(";; %s %s: %s", name, Type.string(type), kind));
    answer.forEach(r -> out.add(RecordText.of(r)));
    authority.forEach(r -> out.add(RecordText.of(r)));
    out.add(
        String.format(
            ";; %d step%s (%d from the cache) in %.1f ms",
            steps.size(), steps.size() == 1 ? "" : "s", cachedSteps(), micros / 1000.0));
    return out;
  }

  /** The figures for {@code --json}: snake_case keys, records as their text. */
  public Map<String, Object> json() {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("name", name.toString());
    j.put("type", Type.string(type));
    j.put("status", status());
    j.put("answer", answer.stream().map(RecordText::of).toList());
    j.put("authority", authority.stream().map(RecordText::of).toList());
    j.put("steps", steps.stream().map(Step::json).toList());
    j.put("cached_steps", cachedSteps());
    j.put("failure", failure);
    j.put("time_us", micros);
    return j;
  }
}
