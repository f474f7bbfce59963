package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.Impairment;
import dev.netlab.common.impair.ImpairmentRelay;
import dev.netlab.common.net.BufferBudget;
import dev.netlab.common.net.PeerLimits;
import dev.netlab.common.payload.Payload;
import dev.netlab.common.payload.ReadAhead;
import dev.netlab.common.testing.Await;
import dev.netlab.common.transport.Transport;
import dev.netlab.udp.rudp.protocol.RudpReceiver;
import dev.netlab.udp.rudp.protocol.RudpResult;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import dev.netlab.udp.rudp.wire.SynPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The receiver and the relay as a class of students and a hostile peer use them: a thousand short
 * clients, a sender that never fills its first hole, a killed sender, SYNs that lie. After each, a
 * normal transfer must still go through, byte for byte.
 */
@Timeout(120)
class ClassroomTest {
  private static final int PAYLOAD = 1200;

  private final LabRun run = LabRun.quiet(Transport.best());
  private final RudpMetrics serverMetrics = new RudpMetrics(run.metrics().registry());
  private final CopyOnWriteArrayList<RudpReceiver> finished = new CopyOnWriteArrayList<>();
  private RudpServer server;
  private ImpairmentRelay relay;

  private RudpServer startServer(PeerLimits limits, BufferBudget budget) throws Exception {
    server =
        new RudpServer(
            RudpTransferTest.ANY_LOOPBACK, run, serverMetrics, 4096, limits, budget, finished::add);
    return server.start();
  }

  /** A relay with no impairment in front of the receiver. */
  private void startRelay(PeerLimits limits) throws Exception {
    relay =
        new ImpairmentRelay(
            RudpTransferTest.ANY_LOOPBACK,
            server.localAddress(),
            Transport.best(),
            Impairment.NONE,
            Impairment.NONE,
            1,
            limits);
    relay.start();
  }

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private RudpResult normalTransfer(InetSocketAddress to) throws Exception {
    LabRun clientRun = LabRun.quiet(Transport.best());
    return new RudpClient(clientRun, new RudpMetrics(clientRun.metrics().registry()))
        .send(
            to,
            RudpMode.RELIABLE,
            new ReadAhead(Payload.generated(256 << 10, 7), PAYLOAD),
            PAYLOAD,
            RudpTransferTest.SETTINGS,
            false);
  }

  private static byte[] encode(RudpPacket p) {
    ByteBuf b = Unpooled.buffer();
    RudpCodec.encode(p, b);
    byte[] bytes = ByteBufUtil.getBytes(b);
    b.release();
    return bytes;
  }

  private static RudpPacket syn(long id, long bytes, int size) {
    return new RudpPacket(
        RudpCodec.TYPE_SYN,
        RudpMode.RELIABLE.code(),
        id,
        0,
        0,
        64,
        List.of(),
        SynPayload.of(bytes, size).encode());
  }

  private static void send(DatagramSocket s, RudpPacket p, InetSocketAddress to) throws Exception {
    byte[] b = encode(p);
    s.send(new DatagramPacket(b, b.length, to));
  }

  /** The next datagram for {@code s}, decoded, or null after {@code millis}. */
  private static RudpPacket answer(DatagramSocket s, int millis) throws Exception {
    s.setSoTimeout(millis);
    byte[] b = new byte[2048];
    DatagramPacket d = new DatagramPacket(b, b.length);
    try {
      s.receive(d);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return RudpCodec.decode(Unpooled.wrappedBuffer(b, 0, d.getLength()));
  }

  /** The next SYN-ACK for {@code s} (skipping the ACKs of earlier connections), or null. */
  private static RudpPacket synAck(DatagramSocket s) throws Exception {
    RudpPacket p;
    do {
      p = answer(s, 5000);
    } while (p != null && p.type() != RudpCodec.TYPE_SYN_ACK);
    return p;
  }

  private double meter(String name) {
    var m = run.metrics().registry().find("netlab.rudp." + name).meter();
    assertThat(m).as(name).isNotNull();
    return m.measure().iterator().next().getValue();
  }

  @Test
  void aThousandShortClientsThroughOneRelayAndOneReceiverThenANormalTransfer() throws Exception {
    PeerLimits small = new PeerLimits(64, Duration.ofSeconds(30));
    startServer(small, new BufferBudget(RudpServer.DEFAULT_MAX_BUFFER));
    startRelay(small);
    int answered = 0;
    for (int i = 0; i < 1000; i++) {
      // every run of 'lab udp send' is a new socket, a new port, a new connection id
      try (DatagramSocket s = new DatagramSocket(RudpTransferTest.ANY_LOOPBACK)) {
        send(s, syn(1_000_000 + i, 10 * PAYLOAD, PAYLOAD), relay.localAddress());
        RudpPacket a = answer(s, 2000);
        if (a != null && a.type() == RudpCodec.TYPE_SYN_ACK) {
          answered++;
        }
      }
    }
    assertThat(answered).isEqualTo(1000);
    assertThat(relay.flows().size()).isLessThanOrEqualTo(64);
    // (the kernel may hand a later client a port an earlier one had: that flow is reused)
    assertThat(relay.flows().evicted()).isBetween(1000L - 64 - 50, 1000L - 64);
    assertThat(meter("peers_evicted")).isEqualTo(1000 - 64);
    RudpResult r = normalTransfer(relay.localAddress());
    assertThat(r.intact()).as(r.summary()).isTrue();
  }

  @Test
  void aFloodOfForgedSynsDoesNotPushOutAConnectionWaitingForItsFirstData() throws Exception {
    PeerLimits small = new PeerLimits(64, Duration.ofSeconds(30));
    startServer(small, new BufferBudget(RudpServer.DEFAULT_MAX_BUFFER));
    startRelay(small);
    try (DatagramSocket real = new DatagramSocket(RudpTransferTest.ANY_LOOPBACK)) {
      send(real, syn(77, PAYLOAD, PAYLOAD), relay.localAddress());
      assertThat(synAck(real)).isNotNull(); // heard from once, at the relay and the receiver
      for (int i = 0; i < 200; i++) {
        try (DatagramSocket forger = new DatagramSocket(RudpTransferTest.ANY_LOOPBACK)) {
          send(forger, syn(5_000 + i, PAYLOAD, PAYLOAD), relay.localAddress());
          synAck(forger);
        }
      }
      send(
          real,
          new RudpPacket(RudpCodec.TYPE_DATA, 0, 77, 0, 0, 0, List.of(), new byte[PAYLOAD]),
          relay.localAddress());
      RudpPacket ack = answer(real, 5000);
      assertThat(ack).isNotNull();
      assertThat(ack.type()).isEqualTo(RudpCodec.TYPE_ACK);
      assertThat(ack.ack()).isEqualTo(1);
    }
    assertThat(relay.flows().evicted()).isPositive();
  }

  @Test
  void sendersThatNeverFillTheirFirstHoleGetNoMoreThanTheBufferBudget() throws Exception {
    BufferBudget budget = new BufferBudget(1 << 20);
    startServer(new PeerLimits(64, Duration.ofSeconds(30)), budget);
    InetSocketAddress to = server.localAddress();
    int size = 60_000;
    int window = (1 << 20) / size; // never more offered than the budget holds
    byte[] junk = new byte[size];
    try (DatagramSocket s = new DatagramSocket(RudpTransferTest.ANY_LOOPBACK)) {
      for (long id = 1; id <= 5; id++) {
        send(s, syn(id, 4096L * size, size), to);
        assertThat(synAck(s).window()).isEqualTo(window);
        for (int seq = 1; seq <= window; seq++) { // datagram 0 never comes
          send(s, new RudpPacket(RudpCodec.TYPE_DATA, 0, id, seq, 0, 0, List.of(), junk), to);
        }
      }
      // five windows asked for (seq 1 .. window-1 fit in each), one budget's worth granted
      Await.until(
          "the budget refused the rest",
          Duration.ofSeconds(10),
          () -> budget.refused() + budget.used() / size == 5L * (window - 1));
    }
    assertThat(budget.used()).isLessThanOrEqualTo(1 << 20).isGreaterThan((1 << 20) - size);
    assertThat(meter("buffer_refused")).isEqualTo(budget.refused()).isPositive();
    RudpResult r = normalTransfer(to);
    assertThat(r.intact()).as(r.summary()).isTrue();
  }

  @Test
  void aKilledSendersConnectionExpiresAndGivesBackWhatItBuffered() throws Exception {
    BufferBudget budget = new BufferBudget(RudpServer.DEFAULT_MAX_BUFFER);
    startServer(new PeerLimits(64, Duration.ofMillis(500)), budget);
    InetSocketAddress to = server.localAddress();
    try (DatagramSocket s = new DatagramSocket(RudpTransferTest.ANY_LOOPBACK)) {
      send(s, syn(7, 100L * PAYLOAD, PAYLOAD), to);
      assertThat(answer(s, 5000).type()).isEqualTo(RudpCodec.TYPE_SYN_ACK);
      for (int seq = 1; seq < 50; seq++) { // then the sender is killed: no datagram 0, no FIN
        send(
            s,
            new RudpPacket(RudpCodec.TYPE_DATA, 0, 7, seq, 0, 0, List.of(), new byte[PAYLOAD]),
            to);
      }
      Await.until(
          "49 datagrams buffered", Duration.ofSeconds(10), () -> budget.used() == 49L * PAYLOAD);
    }
    Await.until("the connection expired", Duration.ofSeconds(10), () -> budget.used() == 0);
    assertThat(meter("peers_expired")).isEqualTo(1);
    assertThat(finished).isEmpty();
  }

  @Test
  void synsThatLieAboutTheTransferAreMalformedAndUnanswered() throws Exception {
    startServer(PeerLimits.DEFAULT, new BufferBudget(RudpServer.DEFAULT_MAX_BUFFER));
    InetSocketAddress to = server.localAddress();
    byte[][] lies = {
      java.nio.ByteBuffer.allocate(14).putLong(-1).putShort((short) 1200).putInt(1).array(),
      java.nio.ByteBuffer.allocate(14).putLong(12_000).putShort((short) 1200).putInt(-1).array(),
      java.nio.ByteBuffer.allocate(14).putLong(12_000).putShort((short) 0).putInt(10).array(),
      java.nio.ByteBuffer.allocate(14).putLong(12_000).putShort((short) 1200).putInt(9).array(),
    };
    try (DatagramSocket s = new DatagramSocket(RudpTransferTest.ANY_LOOPBACK)) {
      long id = 100;
      for (byte[] lie : lies) {
        send(
            s,
            new RudpPacket(
                RudpCodec.TYPE_SYN, RudpMode.RELIABLE.code(), id++, 0, 0, 64, List.of(), lie),
            to);
      }
      assertThat(answer(s, 500)).isNull();
      Await.until(
          "every lie counted",
          Duration.ofSeconds(5),
          () -> serverMetrics.corruptCount() == lies.length);
      // and the receiver still serves
      send(s, syn(id, 12_000, 1200), to);
      assertThat(answer(s, 5000).type()).isEqualTo(RudpCodec.TYPE_SYN_ACK);
    }
  }
}
