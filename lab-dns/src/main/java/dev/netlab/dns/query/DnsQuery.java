package dev.netlab.dns.query;

import java.io.IOException;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * One question to one server with dnsjava's {@link SimpleResolver}, like {@code dig}: UDP first,
 * then TCP when the answer arrives truncated, so the retry can be shown.
 */
public final class DnsQuery {
  private DnsQuery() {}

  /**
   * Asks and waits for the answer.
   *
   * @throws IOException when no answer came in time or the answer did not parse
   */
  public static QueryResult ask(Name name, int type, QueryOptions options) throws IOException {
    // a zone transfer always goes over TCP (dnsjava's resolver sends it so by itself)
    boolean tcp = options.tcp() || type == Type.AXFR;
    SimpleResolver resolver = new SimpleResolver(options.server());
    resolver.setTimeout(options.timeout());
    resolver.setTCP(tcp);
    // the TC bit is shown, then the query asked again over TCP here, like dig does
    resolver.setIgnoreTruncation(true);
    if (options.edns()) {
      resolver.setEDNS(0, options.bufsize(), 0, List.of());
    } else {
      resolver.setEDNS(-1, 0, 0, List.of());
    }
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    if (!options.recursion()) {
      query.getHeader().unsetFlag(Flags.RD);
    }
    long start = System.nanoTime();
    Message response = resolver.send(query);
    boolean retried = false;
    if (!tcp && response.getHeader().getFlag(Flags.TC)) {
      resolver.setTCP(true);
      response = resolver.send(query);
      retried = true;
    }
    long micros = (System.nanoTime() - start) / 1_000;
    return new QueryResult(response, micros, options.server(), tcp || retried, retried);
  }
}
