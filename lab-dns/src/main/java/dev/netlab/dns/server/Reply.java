package dev.netlab.dns.server;

import java.util.List;

/**
 * One query's outcome: the bytes to send back (null: stay silent) and what the query log and the
 * metrics say about it.
 *
 * @param wire the response, or null for garbage and for responses, which get no answer
 * @param name the question's name as asked ("-" when there was none)
 * @param type the question's type as text ("-" when there was none)
 * @param rcode the response's rcode as text (FORMERR, BADVERS, ...), or "DROPPED" when silent
 * @param answers records in the answer section as sent
 * @param truncated whether TC was set because the answer did not fit
 * @param more the messages after the first of a zone transfer, empty otherwise
 */
public record Reply(
    byte[] wire,
    String name,
    String type,
    String rcode,
    int answers,
    boolean truncated,
    List<byte[]> more) {
  /** The rcode text of a query that got no response. */
  public static final String DROPPED = "DROPPED";

  static Reply silence() {
    return new Reply(null, "-", "-", DROPPED, 0, false, List.of());
  }
}
