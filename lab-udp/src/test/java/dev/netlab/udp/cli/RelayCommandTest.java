package dev.netlab.udp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.capture.Packet;
import dev.netlab.common.cli.LabCli;
import dev.netlab.common.testing.PcapFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab udp relay}'s usage errors. */
@Timeout(30)
class RelayCommandTest {
  record Result(int code, String out, String err) {}

  static Result relay(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = LabCli.commandLine(new RelayCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void relayingToItsOwnListeningAddressIsRefused() {
    // refused before any socket opens; once it looped one datagram through every flow slot
    Result r = relay("--port", "23901", "--to", "127.0.0.1:23901", "--time", "1s");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("relay's own listening address");
  }

  @Test
  void relayingToItselfThroughTheWildcardIsRefused() {
    Result r =
        relay("--bind", "0.0.0.0", "--port", "23901", "--to", "127.0.0.1:23901", "--time", "1s");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("relay's own listening address");
  }

  @Test
  void rateZeroIsRefusedWithTheWayToAskForUnlimited() {
    Result r = relay("--port", "0", "--to", "127.0.0.1:9", "--rate", "0", "--time", "1s");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("--rate").contains("leave the option out for no limit");
  }

  private int serverPort;

  @Test
  void thePcapFileHoldsWhatTheRelayRelayedOnBothSides(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("relay.pcap");
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (DatagramSocket server = new DatagramSocket(0, lo);
        DatagramSocket client = new DatagramSocket(0, lo)) {
      client.setSoTimeout(200);
      CompletableFuture.runAsync(() -> echoUntilClosed(server));
      int relayPort = 23911;
      serverPort = server.getLocalPort();
      CompletableFuture<Result> relay =
          CompletableFuture.supplyAsync(
              () ->
                  relay(
                      "--port",
                      String.valueOf(relayPort),
                      "--to",
                      "127.0.0.1:" + server.getLocalPort(),
                      "--time",
                      "3s",
                      "--pcap",
                      file.toString()));
      byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
      DatagramPacket answer = new DatagramPacket(new byte[64], 64);
      boolean answered = false;
      // the relay may not listen yet: ask again, a bounded number of times
      for (int i = 0; i < 25 && !answered; i++) {
        client.send(new DatagramPacket(hello, hello.length, lo, relayPort));
        try {
          client.receive(answer);
          answered = true;
        } catch (SocketTimeoutException e) {
          // not relayed yet
        }
      }
      assertThat(answered).as("the relay answered").isTrue();
      Result r = relay.get(10, TimeUnit.SECONDS);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).contains("wrote " + file);
    }
    List<Packet> packets = PcapFiles.packets(file);
    // client -> relay, relay -> server, server -> relay, relay -> client (at least)
    assertThat(packets).hasSizeGreaterThanOrEqualTo(4);
    assertThat(packets).anyMatch(p -> p.destination().getPort() == 23911);
    assertThat(packets).anyMatch(p -> p.source().getPort() == 23911);
    assertThat(packets).anyMatch(p -> p.destination().getPort() == serverPort);
    assertThat(packets).anyMatch(p -> p.source().getPort() == serverPort);
    assertThat(packets).allMatch(p -> p.udp().payloadLength() == 5);
  }

  private static void echoUntilClosed(DatagramSocket s) {
    DatagramPacket got = new DatagramPacket(new byte[64], 64);
    try {
      while (true) {
        s.receive(got);
        s.send(new DatagramPacket(got.getData(), got.getLength(), got.getSocketAddress()));
      }
    } catch (java.io.IOException closed) {
      // the test is over
    }
  }
}
