package dev.netlab.common.capture;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a finished kernel capture was: which tool, where, and what the tool said it missed.
 *
 * @param tool tcpdump, dumpcap or tshark
 * @param iface the interface captured
 * @param dropped packets the tool said the kernel dropped before it read them, or null if unsaid
 */
public record CaptureSummary(String tool, String iface, Long dropped) {
  /** "tcpdump on lo, first 512 bytes of each packet": how the packets were captured. */
  public String heading() {
    return tool + " on " + iface + ", first " + KernelCapture.SNAP_LENGTH + " bytes of each packet";
  }

  /**
   * A sentence when the tool reported drops, or null: those packets are missing from the capture,
   * not lost on the network, so nothing in it may be read as loss or retransmission because of
   * them.
   */
  public String dropNote() {
    if (dropped == null || dropped == 0) {
      return null;
    }
    return tool
        + " reported "
        + dropped
        + " packet(s) dropped by the kernel before it could read them: they are missing from"
        + " this capture, not lost on the network";
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tool", tool);
    m.put("interface", iface);
    m.put("snap_length", KernelCapture.SNAP_LENGTH);
    m.put("dropped_by_kernel", dropped);
    return m;
  }
}
