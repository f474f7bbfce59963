package dev.netlab.ports.host;

import static dev.netlab.ports.host.Peers.ascii;
import static dev.netlab.ports.host.Peers.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.Await;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every service of the host over real sockets on loopback, each socket on a kernel-chosen port. */
@Timeout(30)
class HostServerTest {
  private final LabRun run = LabRun.quiet(Transport.best());

  @RegisterExtension
  final LabServerExtension<HostServer> host =
      new LabServerExtension<>(
          () ->
              new HostServer(
                  HostConfig.anyPort(
                      InetAddress.getLoopbackAddress(), EnumSet.allOf(Service.class)),
                  run));

  private InetSocketAddress tcp(Service s) {
    return host.server().address(s, false);
  }

  private InetSocketAddress udp(Service s) {
    return host.server().address(s, true);
  }

  @Test
  void servesThirteenSocketsTcpAndUdpForEveryServiceButHttp() {
    assertThat(host.server().sockets()).hasSize(13);
    assertThat(host.server().sockets().stream().filter(ServiceSocket::udp))
        .extracting(ServiceSocket::service)
        .doesNotContain(Service.HTTP);
  }

  @Test
  void tcpEchoSendsBackEveryByteThenClosesAfterTheClientsFin() throws Exception {
    byte[] msg = ascii("x".repeat(100_000) + "\n");
    assertThat(Peers.tcp(tcp(Service.ECHO), msg)).isEqualTo(msg);
  }

  @Test
  void udpEchoSendsBackEachDatagram() throws Exception {
    byte[][] back = Peers.udp(udp(Service.ECHO), ascii("one"), ascii("two two"));
    assertThat(text(back[0])).isEqualTo("one");
    assertThat(text(back[1])).isEqualTo("two two");
  }

  @Test
  void tcpDiscardAnswersNothingAndCountsWhatItThrewAway() throws Exception {
    assertThat(Peers.tcp(tcp(Service.DISCARD), new byte[10_000])).isEmpty();
    Await.until(
        "discard/tcp to count 10000 bytes read",
        Duration.ofSeconds(5),
        () -> figure("discard_tcp", "bytes_read") == 10_000L);
    assertThat(figure("discard_tcp", "bytes_written")).isEqualTo(0L);
  }

  @Test
  void udpDiscardCountsTheDatagramAndSendsNothing() throws Exception {
    try (var s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.send(new java.net.DatagramPacket(new byte[100], 100, udp(Service.DISCARD)));
    }
    Await.until(
        "discard/udp to count one datagram",
        Duration.ofSeconds(5),
        () -> figure("discard_udp", "datagrams_received") == 1L);
    assertThat(figure("discard_udp", "datagrams_sent")).isEqualTo(0L);
    assertThat(figure("discard_udp", "bytes_read")).isEqualTo(100L);
  }

  @Test
  void tcpDaytimeIsOneLineOfTodayThenTheServerCloses() throws Exception {
    String line = text(Peers.tcp(tcp(Service.DAYTIME), null));
    assertThat(line)
        .matches("[A-Z][a-z]+day, [A-Z][a-z]+ \\d{1,2}, \\d{4} \\d\\d:\\d\\d:\\d\\d-UTC\r\n");
    assertThat(line).contains(String.valueOf(java.time.Year.now(java.time.ZoneOffset.UTC)));
  }

  @Test
  void udpDaytimeAnswersOneDatagramPerDatagram() throws Exception {
    byte[][] back = Peers.udp(udp(Service.DAYTIME), new byte[0], ascii("x"), ascii("\n"));
    assertThat(back.length).isEqualTo(3);
    for (byte[] b : back) {
      assertThat(text(b)).endsWith("-UTC\r\n");
    }
  }

  @Test
  void qotdIsUnderFiveHundredTwelveCharactersOverTcpAndUdp() throws Exception {
    String quote = text(Peers.tcp(tcp(Service.QOTD), null));
    assertThat(quote).isEqualTo(Quotes.of(Instant.now())).hasSizeLessThan(Quotes.MAX_LENGTH);
    assertThat(text(Peers.udp(udp(Service.QOTD), new byte[0])[0])).isEqualTo(quote);
  }

  @Test
  void tcpChargenStreamsThePatternFromLineZero() throws Exception {
    int lines = 3 * Chargen.RING + 7;
    byte[] got = Peers.tcpFirst(tcp(Service.CHARGEN), lines * Chargen.LINE_BYTES);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int n = 0; n < lines; n++) {
      expected.write(Chargen.line(n));
    }
    assertThat(got).isEqualTo(expected.toByteArray());
  }

  @Test
  void udpChargenAnswersEachDatagramWithTheNextLine() throws Exception {
    byte[][] back = Peers.udp(udp(Service.CHARGEN), new byte[0], new byte[0], new byte[0]);
    for (int n = 0; n < 3; n++) {
      assertThat(back[n]).isEqualTo(Chargen.line(n));
    }
  }

  @Test
  void tcpTimeIsFourBytesOfSecondsSince1900ThenClose() throws Exception {
    long before = Instant.now().getEpochSecond();
    byte[] answer = Peers.tcp(tcp(Service.TIME), null);
    assertThat(answer).hasSize(TimeFormat.LENGTH);
    assertThat(TimeFormat.decode(answer).getEpochSecond())
        .isBetween(before - 1, Instant.now().getEpochSecond() + 1);
  }

  @Test
  void udpTimeAnswersAnEmptyDatagramWithFourBytes() throws Exception {
    long before = Instant.now().getEpochSecond();
    byte[] answer = Peers.udp(udp(Service.TIME), new byte[0])[0];
    assertThat(answer).hasSize(TimeFormat.LENGTH);
    assertThat(TimeFormat.decode(answer).getEpochSecond())
        .isBetween(before - 1, Instant.now().getEpochSecond() + 1);
  }

  @Test
  void figuresCountConnectionsPerService() throws Exception {
    Peers.tcp(tcp(Service.TIME), null);
    Peers.tcp(tcp(Service.TIME), null);
    Peers.tcp(tcp(Service.DAYTIME), null);
    Await.until(
        "two time connections closed",
        Duration.ofSeconds(5),
        () -> figure("time_tcp", "connections_closed") == 2L);
    assertThat(figure("time_tcp", "connections_opened")).isEqualTo(2L);
    assertThat(figure("time_tcp", "bytes_written")).isEqualTo(8L);
    assertThat(figure("daytime_tcp", "connections_opened")).isEqualTo(1L);
    assertThat(figure("echo_tcp", "connections_opened")).isEqualTo(0L);
  }

  @Test
  void prometheusSeesEachServicesCounters() throws Exception {
    Peers.tcp(tcp(Service.DAYTIME), null);
    Peers.udp(udp(Service.ECHO), ascii("x"));
    Await.until(
        "the daytime connection closed",
        Duration.ofSeconds(5),
        () -> figure("daytime_tcp", "connections_closed") == 1L);
    InetSocketAddress metrics = run.metrics().serve(0);
    String scrape;
    try (var in =
        java.net
            .URI
            .create("http://" + dev.netlab.common.net.Sockets.hostPort(metrics) + "/metrics")
            .toURL()
            .openStream()) {
      scrape = text(in.readAllBytes());
    }
    assertThat(scrape)
        .contains("netlab_ports_connections_total{event=\"opened\",service=\"daytime\"} 1.0")
        .contains("netlab_ports_datagrams_total{direction=\"sent\",service=\"echo\"} 1.0")
        .contains("netlab_ports_connections_open 0.0");
  }

  @SuppressWarnings("unchecked")
  private long figure(String socket, String name) {
    return (Long) ((Map<String, Object>) host.server().figures().get(socket)).get(name);
  }
}
