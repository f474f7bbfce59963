package dev.netlab.udp.rudp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.netlab.common.net.BufferBudget;
import dev.netlab.udp.rudp.wire.FinAck;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpFormatException;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import dev.netlab.udp.rudp.wire.SynPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The receiver's delivery, acknowledgment and counting rules, one mode at a time, no sockets. */
@Timeout(30)
class RudpReceiverTest {
  private static final long ID = 0x1234;

  /** Datagram {@code seq}'s payload: its number, then as many bytes as the number says. */
  private static byte[] payload(long seq) {
    byte[] b = new byte[1 + (int) (seq % 5)];
    b[0] = (byte) seq;
    return b;
  }

  /** A receiver of a transfer far longer than any test feeds, with a budget that never binds. */
  private static RudpReceiver receiver(RudpMode mode, int window, java.io.OutputStream sink) {
    return new RudpReceiver(
        ID, mode, window, SynPayload.of(5_000_000, 5), new BufferBudget(1L << 30), sink);
  }

  private static RudpReceiver feed(RudpMode mode, int window, long... seqs) {
    RudpReceiver r = receiver(mode, window, null);
    for (long seq : seqs) {
      r.onData(seq, Unpooled.wrappedBuffer(payload(seq)));
    }
    return r;
  }

  private static byte[] concat(long... seqs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long seq : seqs) {
      out.writeBytes(payload(seq));
    }
    return out.toByteArray();
  }

  private static FinAck finAck(RudpReceiver r, long total) throws Exception {
    RudpPacket p = r.finAck(total);
    assertThat(p.type()).isEqualTo(RudpCodec.TYPE_FIN_ACK);
    assertThat(p.connectionId()).isEqualTo(ID);
    assertThat(p.seq()).isEqualTo(total);
    return FinAck.decode(p.payload());
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  @Test
  void reliableDeliversInOrderAndAcksTheNextExpected() throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    RudpReceiver r = receiver(RudpMode.RELIABLE, 16, sink);
    assertThat(r.ackDue()).isFalse();
    for (long seq = 0; seq < 4; seq++) {
      r.onData(seq, Unpooled.wrappedBuffer(payload(seq)));
    }
    assertThat(r.ackDue()).isTrue();
    RudpPacket ack = r.ack();
    assertThat(r.ackDue()).isFalse();
    assertThat(ack.type()).isEqualTo(RudpCodec.TYPE_ACK);
    assertThat(ack.connectionId()).isEqualTo(ID);
    assertThat(ack.seq()).isEqualTo(3);
    assertThat(ack.ack()).isEqualTo(4);
    assertThat(ack.window()).isEqualTo(16);
    assertThat(ack.sack()).isEmpty();
    assertThat(sink.toByteArray()).isEqualTo(concat(0, 1, 2, 3));
    assertThat(r.deliveredBytes()).isEqualTo(1 + 2 + 3 + 4);
    assertThat(r.received()).isEqualTo(4);
    assertThat(r.id()).isEqualTo(ID);
    assertThat(r.mode()).isEqualTo(RudpMode.RELIABLE);

    FinAck fin = finAck(r, 4);
    assertThat(fin.bytes()).isEqualTo(10);
    assertThat(fin.datagrams()).isEqualTo(4);
    assertThat(fin.sha256()).isEqualTo(sha256(concat(0, 1, 2, 3)));
    assertThat(r.finished()).isTrue();
  }

  @Test
  void reliableBuffersEarlyDatagramsReportsThemAsSackBlocksAndDeliversWhenTheGapFills()
      throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    RudpReceiver r = receiver(RudpMode.RELIABLE, 16, sink);
    for (long seq : new long[] {0, 2, 3, 5}) {
      r.onData(seq, Unpooled.wrappedBuffer(payload(seq)));
    }
    RudpPacket ack = r.ack();
    assertThat(ack.seq()).isEqualTo(5);
    assertThat(ack.ack()).isEqualTo(1);
    assertThat(ack.window()).isEqualTo(16 - 3);
    // the block of the newest arrival (5) first, RFC 2018
    assertThat(ack.sack()).containsExactly(new long[] {5, 6}, new long[] {2, 4});
    assertThat(sink.toByteArray()).isEqualTo(concat(0));

    r.onData(1, Unpooled.wrappedBuffer(payload(1)));
    ack = r.ack();
    assertThat(ack.seq()).isEqualTo(1);
    assertThat(ack.ack()).isEqualTo(4);
    assertThat(ack.window()).isEqualTo(16 - 1);
    assertThat(ack.sack()).containsExactly(new long[] {5, 6});
    assertThat(sink.toByteArray()).isEqualTo(concat(0, 1, 2, 3));
    assertThat(r.reordered()).isEqualTo(1);
    assertThat(r.duplicates()).isZero();
    assertThat(finAck(r, 6).sha256()).isEqualTo(sha256(concat(0, 1, 2, 3)));
  }

  @Test
  void reliableKeepsItsOwnCopyOfAnEarlyDatagram() throws Exception {
    RudpReceiver r = receiver(RudpMode.RELIABLE, 16, null);
    ByteBuf early = Unpooled.wrappedBuffer(payload(1));
    r.onData(1, early);
    early.setByte(0, 99); // the caller reuses its buffer
    r.onData(0, Unpooled.wrappedBuffer(payload(0)));
    assertThat(finAck(r, 2).sha256()).isEqualTo(sha256(concat(0, 1)));
  }

  @Test
  void reliableCountsDuplicatesBelowTheAckAndAmongTheBuffered() {
    RudpReceiver r = feed(RudpMode.RELIABLE, 16, 0, 1, 0, 3, 3);
    assertThat(r.duplicates()).isEqualTo(2);
    assertThat(r.received()).isEqualTo(5);
    assertThat(r.deliveredBytes()).isEqualTo(1 + 2);
    assertThat(r.ack().sack()).containsExactly(new long[] {3, 4});
  }

  @Test
  void reliableDropsWhatLiesBeyondItsWindow() {
    RudpReceiver r = feed(RudpMode.RELIABLE, 4, 0, 5, 4);
    assertThat(r.outOfWindow()).isEqualTo(1);
    RudpPacket ack = r.ack();
    assertThat(ack.sack()).containsExactly(new long[] {4, 5});
    assertThat(ack.window()).isEqualTo(3);
  }

  @Test
  void anAckCarriesAtMostEightSackBlocksTheNewestArrivalsFirstThenTheLowest() {
    long[] nine = {2, 4, 6, 8, 10, 12, 14, 16, 18};
    List<long[]> expected = new ArrayList<>();
    expected.add(new long[] {18, 19}); // the newest arrival's block first (RFC 2018)
    for (int i = 0; i < 7; i++) {
      expected.add(new long[] {nine[i], nine[i] + 1});
    }
    assertThat(feed(RudpMode.RELIABLE, 64, nine).ack().sack()).containsExactlyElementsOf(expected);
    long[] eight = Arrays.copyOf(nine, 8);
    List<long[]> expectedEight = new ArrayList<>();
    expectedEight.add(new long[] {16, 17});
    for (int i = 0; i < 7; i++) {
      expectedEight.add(new long[] {nine[i], nine[i] + 1});
    }
    assertThat(feed(RudpMode.RELIABLE, 64, eight).ack().sack())
        .containsExactlyElementsOf(expectedEight);
  }

  @Test
  void advertisesAtMostWhatTheWindowFieldHolds() {
    assertThat(feed(RudpMode.RELIABLE, 100_000, 0).ack().window()).isEqualTo(0xffff);
  }

  @Test
  void goBackNAcceptsOnlyTheNextDatagram() throws Exception {
    RudpReceiver r = feed(RudpMode.GBN, 16, 0, 2, 3, 1, 0, 2, 3);
    assertThat(r.outOfWindow()).isEqualTo(2);
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.reordered()).isEqualTo(3);
    RudpPacket ack = r.ack();
    assertThat(ack.ack()).isEqualTo(4);
    assertThat(ack.sack()).isEmpty();
    FinAck fin = finAck(r, 4);
    assertThat(fin.datagrams()).isEqualTo(4);
    assertThat(fin.sha256()).isEqualTo(sha256(concat(0, 1, 2, 3)));
  }

  @Test
  void sequencedDeliversTheNewestSkippingGapsAndDroppingLateOnes() throws Exception {
    RudpReceiver r = feed(RudpMode.SEQUENCED, 16, 0, 3, 2, 4, 4, 7);
    // 1 and 2 skipped for 3, then 2 arrived: late, and no longer lost; 5 and 6 skipped for 7
    assertThat(r.skipped()).isEqualTo(1 + 2);
    assertThat(r.late()).isEqualTo(1);
    assertThat(r.duplicates()).as("the second 4 was delivered already").isEqualTo(1);
    assertThat(r.reordered()).isEqualTo(1);
    assertThat(r.ack().ack()).isEqualTo(8);
    FinAck fin = finAck(r, 10);
    assertThat(fin.lost()).isEqualTo(3 + 2); // and 8, 9, never sent before the FIN
    assertThat(fin.late()).isEqualTo(1);
    assertThat(fin.datagrams()).isEqualTo(4);
    assertThat(fin.bytes()).isEqualTo(payload(0).length + 4 + 5 + 3);
    assertThat(fin.sha256()).isEqualTo(sha256(concat(0, 3, 4, 7)));
    assertThat(r.finAck(10).ack()).isEqualTo(10);
  }

  @Test
  void sequencedLostAndLateNeverOverlapWhateverTheOrder() throws Exception {
    // every one of 0..99 arrives exactly once, in an order that skips and then brings back many
    long[] order = new long[100];
    for (int i = 0; i < 100; i++) {
      order[i] = (i * 37L) % 100;
    }
    RudpReceiver r = feed(RudpMode.SEQUENCED, 16, order);
    FinAck fin = finAck(r, 100);
    assertThat(fin.datagrams() + fin.late()).as("delivered + late = arrived").isEqualTo(100);
    assertThat(fin.lost()).as("nothing was lost: every datagram arrived").isZero();
    assertThat(r.duplicates()).isZero();
  }

  @Test
  void sequencedCountsEachSkippedDatagramLateOnceWhereverInItsRunItArrives() throws Exception {
    RudpReceiver r = feed(RudpMode.SEQUENCED, 16, 0, 5); // 1-4 skipped
    assertThat(r.skipped()).isEqualTo(4);
    for (long seq : new long[] {1, 4, 2}) { // the run's start, its end, its middle
      r.onData(seq, Unpooled.wrappedBuffer(payload(seq)));
    }
    assertThat(r.late()).isEqualTo(3);
    assertThat(r.skipped()).isEqualTo(1);
    r.onData(2, Unpooled.wrappedBuffer(payload(2))); // again: a duplicate now
    r.onData(5, Unpooled.wrappedBuffer(payload(5))); // delivered before: a duplicate
    assertThat(r.duplicates()).isEqualTo(2);
    r.onData(3, Unpooled.wrappedBuffer(payload(3)));
    assertThat(r.late()).isEqualTo(4);
    FinAck fin = finAck(r, 6);
    assertThat(fin.lost()).isZero();
    assertThat(fin.late()).isEqualTo(4);
    // after the FIN-ACK the figures are final: nothing skipped is remembered any more
    RudpReceiver done = feed(RudpMode.SEQUENCED, 16, 0, 3);
    finAck(done, 4);
    done.onData(1, Unpooled.wrappedBuffer(payload(1)));
    assertThat(done.late()).isZero();
  }

  @Test
  void sequencedForgetsTheOldestSkippedRunsBeyondItsBound() {
    RudpReceiver r = receiver(RudpMode.SEQUENCED, 16, null);
    long seq = 0;
    for (int i = 0; i <= RudpReceiver.MAX_SKIPPED_RUNS + 1; i++, seq += 2) {
      r.onData(seq, Unpooled.wrappedBuffer(payload(seq))); // skips seq - 1 each time
    }
    r.onData(1, Unpooled.wrappedBuffer(payload(1))); // the oldest run, forgotten
    r.onData(3, Unpooled.wrappedBuffer(payload(3))); // the next oldest, still remembered
    r.onData(seq - 3, Unpooled.wrappedBuffer(payload(seq - 3))); // the newest run
    assertThat(r.late()).isEqualTo(2);
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.skipped()).isEqualTo(RudpReceiver.MAX_SKIPPED_RUNS - 1);
  }

  @Test
  void aRetransmissionFillingAHoleIsNotCountedAsReordering() {
    RudpReceiver r = receiver(RudpMode.RELIABLE, 16, null);
    r.onData(0, Unpooled.wrappedBuffer(payload(0)));
    r.onData(2, Unpooled.wrappedBuffer(payload(2))); // 1 lost on the way
    r.onData(1, Unpooled.wrappedBuffer(payload(1)), true); // resent, flagged by the sender
    assertThat(r.reordered()).isZero();
    assertThat(r.retransmitted()).isEqualTo(1);
    r.onData(4, Unpooled.wrappedBuffer(payload(4)));
    r.onData(3, Unpooled.wrappedBuffer(payload(3))); // a first copy overtaken: reordered
    assertThat(r.reordered()).isEqualTo(1);
  }

  @Test
  void aRepeatedFinGetsTheSameAnswer() throws Exception {
    RudpReceiver r = feed(RudpMode.SEQUENCED, 16, 0, 1);
    byte[] first = r.finAck(5).payload();
    assertThat(r.finAck(9).payload()).isSameAs(first);
    assertThat(r.skipped()).isEqualTo(3);
  }

  @Test
  void aFinAnnouncingNoMoreThanArrivedSkipsNothing() throws Exception {
    RudpReceiver r = feed(RudpMode.SEQUENCED, 16, 0, 1, 2);
    assertThat(finAck(r, 3).lost()).isZero();
    RudpReceiver g = feed(RudpMode.GBN, 16, 0);
    assertThat(finAck(g, 5).lost()).isZero();
  }

  @Test
  void finAckPayloadRoundTripsAndRejectsOtherLengths() throws Exception {
    byte[] sha = sha256(new byte[] {1});
    FinAck f = new FinAck(1, 2, 3, 4, 5, 6, sha);
    FinAck back = FinAck.decode(f.encode());
    assertThat(back).usingRecursiveComparison().isEqualTo(f);
    assertThatThrownBy(() -> FinAck.decode(new byte[79]))
        .isInstanceOf(RudpFormatException.class)
        .hasMessage("FIN-ACK payload: expected 80 bytes; got 79");
  }

  @Test
  void reportsItsCountsAsJson() {
    RudpReceiver r = feed(RudpMode.RELIABLE, 2, 0, 0, 2, 5, 1);
    assertThat(r.toJson())
        .containsOnly(
            entry("received", 5L),
            entry("delivered_bytes", 1L + 2 + 3),
            entry("duplicates", 1L),
            entry("reordered", 1L),
            entry("retransmissions_received", 0L),
            entry("late", 0L),
            entry("lost", 0L),
            entry("out_of_window", 1L),
            entry("buffer_refused", 0L),
            entry("beyond_end", 0L));
  }

  @Test
  void aFailingSinkFailsTheDelivery() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };
    RudpReceiver r = receiver(RudpMode.RELIABLE, 4, broken);
    assertThatThrownBy(() -> r.onData(0, Unpooled.wrappedBuffer(payload(0))))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("disk full");
  }

  @Test
  void earlyDatagramsBeyondTheSharedBudgetAreDroppedUnsackedAndTheWindowShrinksToWhatIsLeft() {
    BufferBudget budget = new BufferBudget(10);
    RudpReceiver r =
        new RudpReceiver(ID, RudpMode.RELIABLE, 64, SynPayload.of(400, 4), budget, null);
    assertThat(r.ack().window()).isEqualTo(2); // 10 bytes of budget, 4-byte datagrams
    for (long seq = 1; seq <= 4; seq++) {
      r.onData(seq, Unpooled.wrappedBuffer(new byte[4]));
    }
    assertThat(r.bufferRefused()).isEqualTo(2);
    assertThat(r.bufferedBytes()).isEqualTo(8);
    assertThat(budget.used()).isEqualTo(8);
    RudpPacket ack = r.ack();
    assertThat(ack.sack()).containsExactly(new long[] {1, 3});
    assertThat(ack.window()).isZero();
    r.onData(0, Unpooled.wrappedBuffer(new byte[4])); // the hole fills: 0, 1, 2 delivered
    assertThat(budget.used()).isZero();
    assertThat(r.ack().ack()).isEqualTo(3);
    assertThat(r.toJson()).containsEntry("buffer_refused", 2L);
  }

  @Test
  void releaseGivesEverythingBufferedBackOnce() {
    BufferBudget budget = new BufferBudget(1000);
    RudpReceiver r =
        new RudpReceiver(ID, RudpMode.RELIABLE, 64, SynPayload.of(400, 4), budget, null);
    r.onData(5, Unpooled.wrappedBuffer(new byte[4]));
    r.onData(7, Unpooled.wrappedBuffer(new byte[4]));
    assertThat(budget.used()).isEqualTo(8);
    r.release();
    r.release();
    assertThat(budget.used()).isZero();
    assertThat(r.bufferedBytes()).isZero();
    assertThat(r.ack().sack()).isEmpty(); // nothing buffered is reported any more
    r.onData(5, Unpooled.wrappedBuffer(new byte[4])); // buffered anew, not a duplicate
    assertThat(r.duplicates()).isZero();
    assertThat(budget.used()).isEqualTo(4);
  }

  @Test
  void finishingGivesWhatWasBufferedBackToTheBudget() {
    BufferBudget budget = new BufferBudget(1000);
    RudpReceiver r =
        new RudpReceiver(ID, RudpMode.RELIABLE, 64, SynPayload.of(400, 4), budget, null);
    r.onData(3, Unpooled.wrappedBuffer(new byte[4]));
    assertThat(budget.used()).isEqualTo(4);
    r.finAck(100); // a sender giving up with a hole still open
    assertThat(budget.used()).isZero();
  }

  @Test
  void dataAtOrPastTheAnnouncedEndIsCountedAndDropped() {
    RudpReceiver r =
        new RudpReceiver(
            ID, RudpMode.SEQUENCED, 64, SynPayload.of(40, 4), new BufferBudget(1000), null);
    r.onData(10, Unpooled.wrappedBuffer(new byte[4]));
    r.onData(4_000_000_000L, Unpooled.wrappedBuffer(new byte[4]));
    assertThat(r.beyondEnd()).isEqualTo(2);
    assertThat(r.received()).isZero();
    assertThat(r.skipped()).isZero();
    r.onData(9, Unpooled.wrappedBuffer(new byte[4]));
    assertThat(r.skipped()).isEqualTo(9);
  }
}
