package dev.netlab.dns.query;

import java.net.InetSocketAddress;
import org.xbill.DNS.Message;

/**
 * One answered query.
 *
 * @param response the message as it came back
 * @param micros from sending the query to parsing the answer (both tries when retried over TCP)
 * @param server who answered
 * @param tcp whether the answer came over TCP
 * @param retriedOverTcp whether a UDP answer came back truncated (TC) and TCP was asked again
 */
public record QueryResult(
    Message response, long micros, InetSocketAddress server, boolean tcp, boolean retriedOverTcp) {
  /** The answer's size in bytes, as received. */
  public int size() {
    return response.numBytes();
  }
}
