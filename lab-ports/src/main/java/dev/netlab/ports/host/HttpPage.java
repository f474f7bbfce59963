package dev.netlab.ports.host;

import dev.netlab.common.net.Sockets;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * The HTTP service's one page: what this host serves (protocol, port, service) and the 4-tuple of
 * the very request that fetched it, so a student sees their browser's ephemeral port next to the
 * server's well-known one.
 */
final class HttpPage {
  private final Supplier<List<ServiceSocket>> sockets;

  HttpPage(Supplier<List<ServiceSocket>> sockets) {
    this.sockets = sockets;
  }

  String render(InetSocketAddress client, InetSocketAddress server, String requestLine) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">")
        .append("<title>netlab ports host</title></head>\n<body>\n<h1>netlab ports host</h1>\n");
    b.append("<p>One process, one IP address, many services: each socket is told apart by")
        .append(" protocol and port.</p>\n<pre>\n");
    b.append(ServiceSocket.tableHeader()).append('\n');
    for (ServiceSocket s : sockets.get()) {
      b.append(s.tableRow()).append('\n');
    }
    b.append("</pre>\n<h2>Your request</h2>\n<pre>\n");
    b.append(escape(requestLine)).append('\n');
    b.append("from   ")
        .append(Sockets.hostPort(client))
        .append("   (your browser's port: the")
        .append(" kernel picked it)\n");
    b.append("to     ").append(Sockets.hostPort(server)).append("   (this server's port)\n");
    b.append("4-tuple (")
        .append(client.getAddress().getHostAddress())
        .append(", ")
        .append(client.getPort())
        .append(", ")
        .append(server.getAddress().getHostAddress())
        .append(", ")
        .append(server.getPort())
        .append(")\n</pre>\n");
    b.append("<p>Reload: a new connection, from a new port.");
    for (ServiceSocket s : sockets.get()) {
      if (s.service() == Service.DAYTIME && !s.udp()) {
        b.append(" Try <code>nc ")
            .append(s.address().getAddress().getHostAddress())
            .append(' ')
            .append(s.port())
            .append("</code> for the daytime.");
      }
    }
    b.append("</p>\n</body></html>\n");
    return b.toString();
  }

  /** The request line is the client's text: shown, never interpreted as HTML. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
