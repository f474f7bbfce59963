package dev.netlab.tcp;

import dev.netlab.common.base.Console;
import dev.netlab.common.capture.CaptureInterface;
import dev.netlab.common.capture.CaptureSummary;
import dev.netlab.common.capture.CaptureTools;
import dev.netlab.common.capture.CaptureUnavailableException;
import dev.netlab.common.capture.KernelCapture;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.TcpRetransmissions;
import dev.netlab.common.capture.TcpSegment;
import java.nio.file.Path;
import java.util.List;

/**
 * The tour's kernel capture of a transfer under loss: the segments the sender sent again, found in
 * the capture itself (bytes seen twice), never inferred from gaps a busy capture tool left.
 *
 * @param summary which tool captured, and what it said it dropped
 * @param dataSegments data segments captured towards the sink
 * @param retransmittedFrames frame numbers, in the saved file, of the segments sent again
 */
record LossCapture(CaptureSummary summary, int dataSegments, List<Integer> retransmittedFrames) {
  /** Starts capturing the sink's port, or says why not and returns null. */
  static KernelCapture start(Console c, int port, Path file) throws InterruptedException {
    try {
      return KernelCapture.start(
          CaptureTools.installed(), CaptureInterface.loopbackInterface(), "tcp port " + port, file);
    } catch (CaptureUnavailableException e) {
      c.note("the transfer is not captured: %s", e.getMessage());
      return null;
    }
  }

  /** Stops {@code capture} (null: nothing) and finds the retransmissions towards {@code port}. */
  static LossCapture stop(KernelCapture capture, int port) throws InterruptedException {
    if (capture == null) {
      return null;
    }
    capture.close();
    List<Packet> toSink =
        capture.packets().stream()
            .filter(p -> p.tcp() != null && p.tcp().destinationPort() == port)
            .toList();
    List<TcpSegment> segments = toSink.stream().map(Packet::tcp).toList();
    List<Integer> frames =
        TcpRetransmissions.find(segments).stream()
            .map(i -> capture.frameOf(toSink.get(i)))
            .toList();
    int data = (int) segments.stream().filter(s -> s.payloadLength() > 0).count();
    return new LossCapture(capture.summary(), data, frames);
  }

  void print(Console c) {
    c.claim(
        "TCP-3",
        "the kernel capture (%s) shows %d of %d data segments sent again (bytes it had already"
            + " seen)",
        summary.heading(),
        retransmittedFrames.size(),
        dataSegments);
    if (summary.dropNote() != null) {
      c.note("%s", summary.dropNote());
    }
  }
}
