package dev.netlab.udp.rudp.protocol;

import dev.netlab.udp.rudp.wire.FinAck;
import dev.netlab.udp.rudp.wire.RudpMode;
import java.time.Duration;
import java.util.HexFormat;

/**
 * What the sender counts for the run's figures (datagrams sent and resent, timeouts, probes, ACKs,
 * the largest congestion window), the split at the end of --omit, and the {@link RudpResult} they
 * make with the receiver's FIN-ACK. Counts only: nothing here changes what the sender does.
 */
final class SenderStats {
  private final RudpMode mode;
  private final long length;
  private final long total;
  private final int payloadSize;
  private final Duration omit;
  private final RttEstimator rtt;
  private final CongestionControl cc;

  private long sent;
  private long retransmissions;
  private long timeouts;
  private long fastRetransmits;
  private long probes;
  private long isolatedLosses;
  private long acks;
  private long staleAcks;
  private long portUnreachable;
  private double maxCwnd;

  /** When {@link #omit} ended (0: not yet), and the sender's progress then. */
  private long omitEndedAt;

  private long progressAtOmitEnd;

  /**
   * @param length the transfer's bytes
   * @param total its datagrams
   * @param omit the first part of the transfer left out of the "after omit" figures; zero for none
   */
  SenderStats(
      RudpMode mode,
      long length,
      long total,
      int payloadSize,
      Duration omit,
      RttEstimator rtt,
      CongestionControl cc) {
    this.mode = mode;
    this.length = length;
    this.total = total;
    this.payloadSize = payloadSize;
    this.omit = omit;
    this.rtt = rtt;
    this.cc = cc;
  }

  /** A new datagram went out. */
  void onSent() {
    sent++;
  }

  /** A datagram went out again (counted among those sent, too). */
  void onRetransmission() {
    retransmissions++;
    sent++;
  }

  void onTimeout() {
    timeouts++;
  }

  /** A recovery started because loss detection found a loss. */
  void onFastRetransmit() {
    fastRetransmits++;
  }

  /** A tail-loss probe went out, or a SYN or FIN again on the probe timer. */
  void onProbe() {
    probes++;
  }

  /** A fast recovery ended without cutting the window (--loss-tolerant: no burst). */
  void onIsolatedLoss() {
    isolatedLosses++;
  }

  void onAck() {
    acks++;
  }

  /** An ACK older than one already seen: its window was ignored. */
  void onStaleAck() {
    staleAcks++;
  }

  /** An ICMP port unreachable; returns how many so far. */
  long onPortUnreachable() {
    return ++portUnreachable;
  }

  /** The congestion window is {@code cwnd} now. */
  void onCwnd(double cwnd) {
    maxCwnd = Math.max(maxCwnd, cwnd);
  }

  long timeouts() {
    return timeouts;
  }

  long portUnreachable() {
    return portUnreachable;
  }

  /**
   * When --omit ends for a connection established at {@code establishedAt}; {@link
   * RudpSender#NEVER} when it ended or there is none.
   */
  long omitEndsAt(long establishedAt) {
    return omitEndedAt == 0 && !omit.isZero() ? establishedAt + omit.toNanos() : RudpSender.NEVER;
  }

  /**
   * Ends --omit if it is over at {@code now}, noting {@code progress} (the sender's {@link
   * RudpSender#progress}) then.
   */
  void endOmitIfDue(long now, long establishedAt, long progress) {
    if (omitEndedAt == 0 && !omit.isZero() && now - establishedAt >= omit.toNanos()) {
      omitEndedAt = now;
      progressAtOmitEnd = progress;
    }
  }

  /**
   * The figures for the part of the transfer after --omit, or null (nothing omitted, or the
   * transfer ended first). Datagrams are those acknowledged in order after it (sequenced mode: sent
   * after it; its bytes are then scaled by the share the receiver got overall, since the sender
   * cannot know which of them arrived).
   */
  RudpResult.AfterOmit afterOmit(long deliveredBytes, long now) {
    if (omitEndedAt == 0) {
      return null;
    }
    long datagrams = total - progressAtOmitEnd;
    long bytes =
        mode == RudpMode.SEQUENCED
            ? Math.round((double) deliveredBytes * datagrams / Math.max(1, total))
            : length - Math.min(length, progressAtOmitEnd * payloadSize);
    return new RudpResult.AfterOmit(
        omit.toNanos() / 1e9, datagrams, bytes, (now - omitEndedAt) / 1e9);
  }

  /**
   * The run's result: these counts, the round trip and window figures now, and what the receiver
   * reported in its FIN-ACK.
   *
   * @param seconds from the handshake to the FIN-ACK
   * @param sha the SHA-256 of what was sent, in hex
   */
  RudpResult result(FinAck fin, double seconds, String sha, RudpResult.AfterOmit after) {
    return new RudpResult(
        mode,
        length,
        total,
        payloadSize,
        seconds,
        sent,
        retransmissions,
        timeouts,
        fastRetransmits,
        probes,
        isolatedLosses,
        acks,
        staleAcks,
        portUnreachable,
        rtt.srttMillis(),
        rtt.rttvarMillis(),
        rtt.minRttMillis(),
        cc.window(),
        maxCwnd,
        cc.ssthresh(),
        sha,
        fin.bytes(),
        fin.datagrams(),
        fin.lost(),
        fin.late(),
        fin.duplicates(),
        fin.reordered(),
        HexFormat.of().formatHex(fin.sha256()),
        after);
  }
}
