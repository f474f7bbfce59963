package dev.netlab.grade.capture;

import static dev.netlab.grade.capture.Conversation.STUDENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.capture.KernelCapture;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.TcpSegment;
import dev.netlab.common.cli.LabCli;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.testing.Privileged;
import dev.netlab.common.transport.Transport;
import dev.netlab.dns.cli.DnsLab;
import dev.netlab.dns.server.DnsMetrics;
import dev.netlab.dns.server.DnsServer;
import dev.netlab.dns.server.QueryLog;
import dev.netlab.dns.server.ZoneFiles;
import dev.netlab.dns.server.Zones;
import dev.netlab.tcp.cli.TcpLab;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * The capture grader on real kernel captures made here, as a student makes them: netlab's own
 * client and DNS query with {@code --student}, captured by tcpdump (or dumpcap, tshark) on
 * loopback, graded full marks with answers worked out from the capture.
 */
@Timeout(60)
@Privileged(tools = "tcpdump")
class OwnCaptureGradingTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  final LabRun run = LabRun.quiet(Transport.best());

  @RegisterExtension
  final LabServerExtension<DnsServer> dns =
      new LabServerExtension<>(
          () ->
              new DnsServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  run,
                  new Zones(ZoneFiles.examples()),
                  new QueryLog(run.console(), new DnsMetrics(run.metrics().registry()), false),
                  Duration.ofSeconds(5),
                  8));

  static int lab(Object command, String... args) {
    var cl = LabCli.commandLine(command);
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    return cl.execute(args);
  }

  @Test
  void aHandshakeCapturedHereGradesFullMarks() throws Exception {
    Path file = dir.resolve("hs.pcap");
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (ServerSocket echo = new ServerSocket(0, 1, lo)) {
      int port = echo.getLocalPort();
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> echoOnce(echo));
      List<Packet> seen;
      int frameOf[];
      try (KernelCapture capture = KernelCapture.start("tcp port " + port, file)) {
        assertThat(lab(new TcpLab(), "client", "-p", "" + port, "--student", STUDENT, "-m", "hi"))
            .isZero();
        served.get();
        seen = capture.await(OwnCaptureGradingTest::closedAndAcked, WAIT);
        assertThat(closedAndAcked(seen)).as("the capture saw the whole connection").isTrue();
        frameOf = seen.stream().mapToInt(capture::frameOf).toArray();
      }
      Packet syn = first(seen, p -> p.tcp().flagString().equals("S"));
      Packet synAck = first(seen, p -> p.tcp().flagString().equals("S."));
      Packet fin =
          first(seen, p -> p.tcp().has(TcpSegment.FIN) && p.tcp().destinationPort() == port);
      String answers =
          "{\"answers\": {"
              + answer("client_port", frameOf[seen.indexOf(syn)], syn.tcp().sourcePort())
              + ","
              + answer("client_isn", frameOf[seen.indexOf(syn)], syn.tcp().seq())
              + ","
              + answer("server_isn", frameOf[seen.indexOf(synAck)], synAck.tcp().seq())
              + ","
              + answer("client_mss", frameOf[seen.indexOf(syn)], syn.tcp().mss())
              + ","
              + answer(
                  "server_window_scale", frameOf[seen.indexOf(synAck)], synAck.tcp().windowScale())
              + ","
              + answer("client_fin_seq", frameOf[seen.indexOf(fin)], fin.tcp().seq())
              + "}}";
      CaptureGradingTest.Run r =
          CaptureGradingTest.grade(
              file.toString(),
              "--exercise",
              CaptureGradingTest.HANDSHAKE,
              "--port",
              "" + port,
              "--student",
              STUDENT,
              "--answers",
              Files.writeString(dir.resolve("a.json"), answers).toString(),
              "--json");
      assertThat(r.code()).as(r.out()).isZero();
      assertThat(r.json().get("score")).isEqualTo(12);
    }
  }

  @Test
  void dnsQueriesCapturedHereGradeFullMarks() throws Exception {
    Path file = dir.resolve("dns.pcap");
    int port = dns.address().getPort();
    String at = "@127.0.0.1:" + port;
    List<Packet> seen;
    int frameOf[];
    try (KernelCapture capture = KernelCapture.start("udp port " + port, file)) {
      assertThat(lab(new DnsLab(), "query", "www.lab.test", at, "--student", STUDENT)).isZero();
      assertThat(lab(new DnsLab(), "query", "nope.lab.test", at)).isZero();
      seen = capture.await(p -> p.size() >= 6, WAIT);
      assertThat(seen).as("3 queries and their responses").hasSize(6);
      frameOf = seen.stream().mapToInt(capture::frameOf).toArray();
    }
    // the answer key, decoded here with dnsjava from the packets the capture streamed
    Message wwwQuery = new Message(seen.get(2).payload());
    Message www = new Message(seen.get(3).payload());
    Message nope = new Message(seen.get(5).payload());
    String answers =
        "{\"answers\": {"
            + answer("www_aa", frameOf[3], "yes")
            + ","
            + answer("www_ttl", frameOf[3], www.getSection(Section.ANSWER).get(0).getTTL())
            + ","
            + answer("www_id", frameOf[2], wwwQuery.getHeader().getID())
            + ","
            + answer("nope_rcode", frameOf[5], "NXDOMAIN")
            + ","
            + answer(
                "nope_soa_minimum",
                frameOf[5],
                ((org.xbill.DNS.SOARecord) nope.getSection(Section.AUTHORITY).get(0)).getMinimum())
            + "}}";
    CaptureGradingTest.Run r =
        CaptureGradingTest.grade(
            file.toString(),
            "--exercise",
            CaptureGradingTest.DNS,
            "--port",
            "" + port,
            "--student",
            STUDENT,
            "--answers",
            Files.writeString(dir.resolve("a.json"), answers).toString(),
            "--json");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.json().get("score")).isEqualTo(10);
  }

  static String answer(String question, int frame, Object value) {
    return "\"" + question + "\": {\"frame\": " + frame + ", \"value\": \"" + value + "\"}";
  }

  static Packet first(List<Packet> packets, Predicate<Packet> p) {
    return packets.stream().filter(x -> x.tcp() != null).filter(p).findFirst().orElseThrow();
  }

  /** Both FINs seen, and a packet after the second (its ACK). */
  static boolean closedAndAcked(List<Packet> packets) {
    int fins = 0;
    for (int i = 0; i < packets.size(); i++) {
      if (packets.get(i).tcp() != null && packets.get(i).tcp().has(TcpSegment.FIN)) {
        fins++;
        if (fins == 2) {
          return i + 1 < packets.size();
        }
      }
    }
    return false;
  }

  /** Echoes one client until it half-closes, then closes: a FIN from each side. */
  static void echoOnce(ServerSocket server) {
    try (Socket s = server.accept();
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
