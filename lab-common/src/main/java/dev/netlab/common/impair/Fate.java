package dev.netlab.common.impair;

/**
 * What happens to one datagram.
 *
 * @param index the datagram's number in its direction, from 0
 * @param dropped lost on the way
 * @param copies 1, or 2 when duplicated
 * @param corruptBit the bit to flip (counted from the first payload byte), or -1
 * @param reordered held back until later datagrams have gone ahead
 * @param delayNanos extra one-way delay
 */
public record Fate(
    long index, boolean dropped, int copies, long corruptBit, boolean reordered, long delayNanos) {

  /** Whether the relay did anything to this datagram besides forwarding it. */
  public boolean touched() {
    return dropped || copies > 1 || corruptBit >= 0 || reordered || delayNanos > 0;
  }

  /** A short word for logs and JSON: "dropped", "duplicated+delayed", "passed". */
  public String action() {
    if (dropped) {
      return "dropped";
    }
    StringBuilder sb = new StringBuilder();
    if (copies > 1) sb.append("duplicated+");
    if (corruptBit >= 0) sb.append("corrupted+");
    if (reordered) sb.append("reordered+");
    if (delayNanos > 0) sb.append("delayed+");
    return sb.length() == 0 ? "passed" : sb.substring(0, sb.length() - 1);
  }
}
