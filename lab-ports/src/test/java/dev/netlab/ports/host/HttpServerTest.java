package dev.netlab.ports.host;

import static dev.netlab.ports.host.Peers.ascii;
import static dev.netlab.ports.host.Peers.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The host's HTTP/1.1 page, and what it answers to requests that are not for it. */
@Timeout(30)
class HttpServerTest {
  private final LabRun run = LabRun.quiet(Transport.best());

  @RegisterExtension
  final LabServerExtension<HostServer> host =
      new LabServerExtension<>(
          () ->
              new HostServer(
                  HostConfig.anyPort(
                      InetAddress.getLoopbackAddress(),
                      EnumSet.of(Service.HTTP, Service.DAYTIME, Service.ECHO)),
                  run));

  private InetSocketAddress http() {
    return host.server().address(Service.HTTP, false);
  }

  @Test
  void thePageListsTheSocketsAndTheRequestsOwnFourTuple() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(http());
      s.getOutputStream().write(ascii("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
      String response = text(s.getInputStream().readAllBytes());
      assertThat(response)
          .startsWith("HTTP/1.1 200 OK\r\n")
          .contains("Content-Type: text/html; charset=utf-8\r\n")
          .contains("Connection: close\r\n");
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      assertThat(response).contains("Content-Length: " + body.getBytes("UTF-8").length + "\r\n");
      assertThat(body)
          .contains("4-tuple (127.0.0.1, " + s.getLocalPort() + ", 127.0.0.1, " + http().getPort())
          .contains("UDP      " + host.server().address(Service.ECHO, true).getPort() + "  echo")
          .contains("TCP      " + http().getPort() + "  http");
    }
  }

  @Test
  void headAnswersTheHeadersOnly() throws Exception {
    String response = exchange("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
  }

  @Test
  void otherPathsAreNotFoundAndOtherMethodsNotAllowed() throws Exception {
    assertThat(exchange("GET /nothing HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 Not Found");
    assertThat(exchange("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"))
        .startsWith("HTTP/1.1 405 Method Not Allowed")
        .contains("Allow: GET, HEAD\r\n");
  }

  @Test
  void malformedRequestsAreAnsweredFourHundredAndTheServerKeepsServing() throws Exception {
    assertThat(exchange("hello\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request");
    assertThat(exchange("GET / SPDY/3\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request");
    assertThat(exchange("GET /" + "a".repeat(HttpServerHandler.MAX_LINE + 10) + " HTTP/1.1\r\n"))
        .startsWith("HTTP/1.1 400 Bad Request");
    assertThat(
            exchange("GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(HttpServerHandler.MAX_HEADERS + 1)))
        .startsWith("HTTP/1.1 431 ");
    assertThat(exchange("GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
  }

  @Test
  void theRequestLineIsShownNotInterpreted() {
    assertThat(HttpPage.escape("GET /<script> HTTP/1.1")).isEqualTo("GET /&lt;script&gt; HTTP/1.1");
  }

  private String exchange(String request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(http());
      s.setSoTimeout(5000);
      s.getOutputStream().write(ascii(request));
      return text(s.getInputStream().readAllBytes());
    }
  }
}
