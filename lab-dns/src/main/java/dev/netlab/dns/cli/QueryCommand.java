package dev.netlab.dns.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.common.base.StudentToken;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.Sockets;
import dev.netlab.dns.query.DigFormat;
import dev.netlab.dns.query.DnsQuery;
import dev.netlab.dns.query.QueryOptions;
import dev.netlab.dns.query.QueryResult;
import dev.netlab.dns.server.DnsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lab dns query}: one question, the answer laid out like dig's. */
@Command(
    name = "query",
    description =
        "Ask one DNS question (dnsjava's resolver) and print the answer as dig does; asks the lab"
            + " server on 127.0.0.1:10053 unless @HOST[:PORT] says otherwise.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Exit codes: 0 an answer (NXDOMAIN, REFUSED too), 1 no answer or SERVFAIL.",
      "",
      "Examples:",
      "  lab dns query www.lab.test                  # A record, AA set",
      "  lab dns query lab.test MX @127.0.0.1:10053",
      "  lab dns query big.lab.test TXT --no-edns    # TC over UDP, then TCP",
      "  lab dns query www.lab.test --student s1234  # for a graded capture"
    })
public final class QueryCommand extends LabCommand {
  @Parameters(
      arity = "1..3",
      paramLabel = "NAME [TYPE] [@HOST[:PORT]]",
      description = "The name to ask for, the type (default: A), and the server.")
  List<String> args;

  @Option(names = "--tcp", description = "Ask over TCP from the start (dig +tcp).")
  boolean tcp;

  @Option(names = "--norec", description = "Clear RD, 'recursion desired' (dig +norec).")
  boolean norec;

  @Option(
      names = "--edns",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Send EDNS(0) (default); --no-edns: a classic query, answers up to 512 bytes.")
  boolean edns;

  @Option(
      names = "--bufsize",
      paramLabel = "BYTES",
      description = "UDP size offered with EDNS, 512-65535 (default: ${DEFAULT-VALUE}).")
  int bufsize = QueryOptions.DEFAULT_BUFSIZE;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Converters.PositiveTime.class,
      description = "How long to wait for the answer (default: 3s).")
  Duration timeout = QueryOptions.DEFAULT_TIMEOUT;

  @Option(
      names = "--student",
      paramLabel = "ID",
      description =
          "First ask TOKEN.student.lab.test TXT once (TOKEN derived from ID), which 'lab grade"
              + " capture --student ID' looks for in your capture.")
  String student;

  @Override
  protected int run(LabRun run) throws IOException {
    Name name = null;
    Integer type = null;
    InetSocketAddress server =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), DnsServer.DEFAULT_PORT);
    String at = null;
    for (String a : args) {
      if (a.startsWith("@")) {
        if (a.length() == 1) {
          throw LabException.usage(
              "'@' names no server: give @HOST or @HOST:PORT, or leave it out");
        }
        if (at != null) {
          throw LabException.usage(
              "two servers, " + at + " and " + a + ": give one @HOST[:PORT] (query asks one)");
        }
        at = a;
        try {
          server = server(a.substring(1));
        } catch (picocli.CommandLine.TypeConversionException e) {
          throw LabException.usage(e.getMessage());
        }
      } else if (name == null) {
        name = name(a);
      } else if (type == null) {
        type = type(a);
      } else {
        throw LabException.usage("unexpected '" + a + "': give NAME [TYPE] [@HOST[:PORT]]");
      }
    }
    if (name == null) {
      throw LabException.usage("no name to ask for: give NAME [TYPE] [@HOST[:PORT]]");
    }
    if (bufsize < 512 || bufsize > 65_535) {
      throw LabException.usage("--bufsize " + bufsize + " is out of range: use 512-65535 bytes");
    }
    QueryOptions options = new QueryOptions(server, tcp, !norec, edns, bufsize, timeout);
    int qtype = type == null ? Type.A : type;
    QueryResult r;
    try {
      if (student != null) {
        DnsQuery.ask(name(StudentToken.dnsName(student)), Type.TXT, options);
        run.console()
            .note("asked %s TXT first: student %s's token", StudentToken.dnsName(student), student);
      }
      r = DnsQuery.ask(name, qtype, options);
    } catch (IOException e) {
      throw LabException.runtime(
          "no answer from "
              + Sockets.hostPort(server)
              + " for "
              + name
              + " "
              + Type.string(qtype)
              + " within "
              + timeout.toMillis()
              + " ms ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "): is 'lab dns serve' running there?");
    }
    if (r.retriedOverTcp()) {
      run.console().say(";; Truncated, retrying in TCP mode.");
    }
    DigFormat.lines(r).forEach(line -> run.console().say("%s", line));
    for (Map.Entry<String, Object> e : DigFormat.json(r).entrySet()) {
      run.put(e.getKey(), e.getValue());
    }
    return r.response().getRcode() == Rcode.SERVFAIL ? 1 : 0;
  }

  /** A domain name from the command line, or a usage error. */
  static Name name(String text) {
    String tooLong = tooLong(text);
    if (tooLong != null) {
      throw LabException.usage(tooLong);
    }
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw LabException.usage("'" + text + "' is not a domain name: " + e.getMessage());
    }
  }

  /** Most bytes in a DNS name on the wire (RFC 1035 section 2.3.4). */
  private static final int MAX_NAME_BYTES = 255;

  /** Most bytes in one label. */
  private static final int MAX_LABEL_BYTES = 63;

  /** Why {@code text} is too long for a DNS name (escapes not counted as such), or null. */
  private static String tooLong(String text) {
    int wire = 1; // the root label
    for (String label : text.split("\\.")) {
      int n = label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (n > MAX_LABEL_BYTES) {
        return "a label of "
            + n
            + " bytes ('"
            + label.substring(0, Math.min(20, label.length()))
            + "...'): a DNS label holds at most "
            + MAX_LABEL_BYTES
            + " bytes, a name "
            + MAX_NAME_BYTES;
      }
      wire += n + (n > 0 ? 1 : 0);
    }
    if (wire > MAX_NAME_BYTES) {
      return "a name of "
          + wire
          + " bytes ('"
          + text.substring(0, Math.min(20, text.length()))
          + "...'): a DNS name holds at most "
          + MAX_NAME_BYTES
          + " bytes, "
          + MAX_LABEL_BYTES
          + " per label";
    }
    return null;
  }

  /** A record type from the command line, or a usage error. */
  static int type(String text) {
    int t = Type.value(text, true);
    if (t < 0) {
      throw LabException.usage(
          "unknown record type '" + text + "': use A, AAAA, MX, TXT, NS, SOA, ... or TYPE123");
    }
    return t;
  }

  private static InetSocketAddress server(String text) {
    String host = text;
    int port = DnsServer.DEFAULT_PORT;
    int colon = text.lastIndexOf(':');
    if (colon > 0 && text.indexOf(':') == colon) {
      host = text.substring(0, colon);
      port = Converters.port(text.substring(colon + 1));
    } else if (text.startsWith("[") && text.contains("]:")) {
      host = text.substring(1, text.indexOf("]:"));
      port = Converters.port(text.substring(text.indexOf("]:") + 2));
    }
    if (port == 0) {
      throw LabException.usage("@" + text + ": port 0 is no port to ask on: give @HOST:PORT");
    }
    return new InetSocketAddress(Converters.host(host), port);
  }
}
