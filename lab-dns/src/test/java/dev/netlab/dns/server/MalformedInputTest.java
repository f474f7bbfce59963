package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.testing.Await;
import java.net.DatagramSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** Hostile input over real sockets: the server counts it, drops it, and keeps answering. */
@Timeout(60)
class MalformedInputTest {
  final DnsServerFixture dns = new DnsServerFixture();

  @RegisterExtension final Object server = dns.server;

  @Test
  void randomDatagramsNeverStopTheServer() throws Exception {
    Random random = new Random(11);
    try (DatagramSocket s = RawDns.udpSocket()) {
      for (int i = 0; i < 2_000; i++) {
        byte[] junk = new byte[random.nextInt(600)];
        random.nextBytes(junk);
        RawDns.send(s, dns.address(), junk);
      }
    }
    // a fresh socket: answers to the junk (FORMERR) went to the old one
    try (DatagramSocket s = RawDns.udpSocket()) {
      RawDns.send(s, dns.address(), RawDns.query(4711));
      Message m = RawDns.receive(s);
      assertThat(m.getHeader().getID()).isEqualTo(4711);
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    }
    assertThat(dns.metrics.malformedCount()).isPositive();
  }

  @Test
  void garbageAndResponsesGetSilenceAndTheNextQueryItsAnswer() throws Exception {
    try (DatagramSocket s = RawDns.udpSocket()) {
      RawDns.send(s, dns.address(), new byte[] {1, 2, 3});
      byte[] response = RawDns.query(1);
      response[2] |= (byte) 0x80;
      RawDns.send(s, dns.address(), response);
      RawDns.send(s, dns.address(), RawDns.query(2));
      // one thread reads the socket in order: an answer to either of the first two would come first
      assertThat(RawDns.receive(s).getHeader().getID()).isEqualTo(2);
    }
  }

  @Test
  void aTcpClientThatSendsOneByteAndStopsIsClosedAndOthersAreServed() throws Exception {
    try (Socket stalled = RawDns.tcp(dns.address())) {
      stalled.getOutputStream().write(0);
      stalled.getOutputStream().flush();
      try (Socket other = RawDns.tcp(dns.address())) {
        RawDns.writeFrame(other, RawDns.query(7));
        assertThat(RawDns.readFrame(other).getHeader().getID()).isEqualTo(7);
      }
      assertThat(RawDns.closedByServer(stalled)).as("closed after the idle timeout").isTrue();
    }
  }

  @Test
  void aLengthPrefixThatLiesIsClosedAndOthersAreServed() throws Exception {
    try (Socket liar = RawDns.tcp(dns.address())) {
      byte[] q = RawDns.query(8);
      var out = new java.io.DataOutputStream(liar.getOutputStream());
      out.writeShort(q.length + 200);
      out.write(q);
      out.flush();
      try (Socket other = RawDns.tcp(dns.address())) {
        RawDns.writeFrame(other, RawDns.query(9));
        assertThat(RawDns.readFrame(other).getHeader().getID()).isEqualTo(9);
      }
      assertThat(RawDns.closedByServer(liar)).isTrue();
    }
  }

  @Test
  void aTcpClientThatNeverReadsItsAnswersIsStoppedAndClosed() throws Exception {
    // without backpressure the server reads all of these and queues every answer in memory
    int queries = 300_000;
    byte[] q = RawDns.query(5);
    byte[] frame = new byte[2 + q.length];
    frame[1] = (byte) q.length;
    System.arraycopy(q, 0, frame, 2, q.length);
    int sent = 0;
    try (Socket greedy = RawDns.tcp(dns.address())) {
      greedy.setReceiveBufferSize(4096);
      var out = greedy.getOutputStream();
      for (; sent < queries; sent++) {
        out.write(frame);
      }
    } catch (java.io.IOException closedByServer) {
      // the server stopped reading, then closed the connection after the idle timeout
    }
    assertThat(sent).as("queries written before the server closed").isLessThan(queries);
    try (Socket other = RawDns.tcp(dns.address())) {
      RawDns.writeFrame(other, RawDns.query(6));
      assertThat(RawDns.readFrame(other).getHeader().getID()).isEqualTo(6);
    }
  }

  @Test
  void aTcpFrameThatIsNotDnsClosesTheConnection() throws Exception {
    try (Socket s = RawDns.tcp(dns.address())) {
      RawDns.writeFrame(s, new byte[] {1, 2, 3});
      assertThat(RawDns.closedByServer(s)).isTrue();
    }
  }

  @Test
  void connectionsPastTheBoundAreClosedAndTheSlotComesBack() throws Exception {
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < DnsServerFixture.MAX_CONNECTIONS; i++) {
        Socket s = RawDns.tcp(dns.address());
        open.add(s);
        RawDns.writeFrame(s, RawDns.query(i));
        assertThat(RawDns.readFrame(s).getHeader().getID()).isEqualTo(i);
      }
      try (Socket extra = RawDns.tcp(dns.address())) {
        assertThat(RawDns.closedByServer(extra)).as("one past the bound").isTrue();
      }
      open.remove(0).close();
      Await.until(
          "a connection accepted again after one closed",
          Duration.ofSeconds(5),
          () -> {
            try (Socket again = RawDns.tcp(dns.address())) {
              RawDns.writeFrame(again, RawDns.query(99));
              return RawDns.readFrame(again).getHeader().getID() == 99;
            } catch (java.io.IOException closed) {
              return false;
            }
          });
    } finally {
      for (Socket s : open) {
        s.close();
      }
    }
  }
}
