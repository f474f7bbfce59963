package dev.netlab.dns.server;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * What a plain query's answer depends on, read straight from its bytes: the question (name
 * lowercased, type, class) and its EDNS (present or not, the UDP size as clamped, the DO bit). Two
 * queries with the same key get the same answer but for the id, the RD and CD flags and the case of
 * the name, which {@link AnswerCache} patches in. Only the common shape is read (one question, no
 * compression, at most an OPT record without options); anything else is left to {@link Responder},
 * which answers it in full. A key read from a query is reused for the next one; {@link #copy()}
 * makes one to keep. Wire layout: RFC 1035 section 4.1, network byte order.
 */
final class QuestionKey {
  /** The header's second flags byte and its 16-bit counts (RFC 1035 section 4.1.1). */
  static final int FLAGS1 = 2;

  static final int FLAGS2 = 3;
  static final int QDCOUNT = 4;
  static final int ANCOUNT = 6;
  static final int NSCOUNT = 8;
  static final int ARCOUNT = 10;

  /** Where the question's name starts: right after the 12-byte header. */
  static final int QNAME = Responder.HEADER_LENGTH;

  /** QR (a response) and the opcode's four bits, in the first flags byte. */
  static final int QR_AND_OPCODE = 0xF8;

  /** RD, the requester's to set: copied into the answer (first flags byte). */
  static final int RD = 0x01;

  /** CD, the requester's to set: copied into the answer (second flags byte). */
  static final int CD = 0x10;

  /** The longest name on the wire (RFC 1035 section 3.1) and the longest label. */
  static final int MAX_NAME = 255;

  static final int MAX_LABEL = 63;

  /** OPT's fixed part after its root name: type, class (UDP size), TTL (rcode, version, flags). */
  static final int OPT_FIXED = 10;

  /** The DO bit in the OPT TTL's flags (RFC 3225). */
  static final int DO = 0x80;

  /** Name, type, class, EDNS marker, UDP size: the key's most bytes. */
  static final int MAX_KEY = MAX_NAME + 2 + 2 + 1 + 2;

  /**
   * The longest query of the plain shape: a header, the longest name, type and class, an OPT record
   * without options.
   */
  static final int MAX_QUERY = QNAME + MAX_NAME + 4 + 1 + OPT_FIXED;

  private final byte[] scratch;
  private final byte[] bytes;
  private int length;
  private int hash;
  private int nameLength;
  private int type;

  QuestionKey() {
    this.scratch = new byte[MAX_QUERY];
    this.bytes = new byte[MAX_KEY];
  }

  private QuestionKey(byte[] bytes, int hash, int nameLength, int type) {
    this.scratch = null;
    this.bytes = bytes;
    this.length = bytes.length;
    this.hash = hash;
    this.nameLength = nameLength;
    this.type = type;
  }

  /**
   * Reads {@code query}'s key; false when the query is not of the plain shape (then nothing about
   * this key is meaningful). Does not move the buffer's indexes.
   */
  boolean read(ByteBuf query) {
    int n = query.readableBytes();
    if (n > MAX_QUERY) {
      return false;
    }
    // one bounds-checked copy, then plain array reads
    query.getBytes(query.readerIndex(), scratch, 0, n);
    return read(scratch, n);
  }

  /** Reads the key of the query in {@code q}'s first {@code end} bytes. */
  boolean read(byte[] q, int end) {
    if (end < QNAME + 1 + 4
        || (q[FLAGS1] & QR_AND_OPCODE) != 0
        || u16(q, QDCOUNT) != 1
        || u16(q, ANCOUNT) != 0
        || u16(q, NSCOUNT) != 0) {
      return false;
    }
    int additional = u16(q, ARCOUNT);
    if (additional > 1) {
      return false;
    }
    int at = QNAME;
    int n = 0;
    while (true) {
      if (at >= end) {
        return false;
      }
      int label = q[at] & 0xFF;
      // a label longer than 63 bytes, or a compression pointer (never needed in a question)
      if (label > MAX_LABEL || n + 1 + label > MAX_NAME || at + 1 + label > end) {
        return false;
      }
      bytes[n++] = (byte) label;
      at++;
      for (int i = 0; i < label; i++) {
        byte b = q[at++];
        bytes[n++] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
      }
      if (label == 0) {
        break;
      }
    }
    nameLength = n;
    if (at + 4 > end) {
      return false;
    }
    type = u16(q, at);
    System.arraycopy(q, at, bytes, n, 4);
    n += 4;
    at += 4;
    if (additional == 0) {
      bytes[n++] = 0;
      bytes[n++] = 0;
      bytes[n++] = 0;
    } else {
      // one OPT record of EDNS version 0 without options, and nothing after it
      if (at + 1 + OPT_FIXED != end
          || q[at] != 0
          || u16(q, at + 1) != org.xbill.DNS.Type.OPT
          || (q[at + 6] & 0xFF) != Responder.EDNS_VERSION
          || u16(q, at + 9) != 0) {
        return false;
      }
      int size = Responder.clamp(u16(q, at + 3));
      bytes[n++] = (byte) (1 | (q[at + 7] & DO));
      bytes[n++] = (byte) (size >>> 8);
      bytes[n++] = (byte) size;
      at += 1 + OPT_FIXED;
    }
    if (at != end) {
      return false;
    }
    length = n;
    int h = 1;
    for (int i = 0; i < n; i++) {
      h = 31 * h + bytes[i];
    }
    hash = h;
    return true;
  }

  /** An unsigned 16-bit field, network byte order. */
  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  /** The question's type (AXFR and IXFR depend on the client: never cached). */
  int type() {
    return type;
  }

  /** Bytes of the name on the wire, from {@link #QNAME}: what is patched with the query's case. */
  int nameLength() {
    return nameLength;
  }

  /** A key of its own to keep, no longer reused. */
  QuestionKey copy() {
    return new QuestionKey(Arrays.copyOf(bytes, length), hash, nameLength, type);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuestionKey k
        && k.hash == hash
        && Arrays.equals(bytes, 0, length, k.bytes, 0, k.length);
  }
}
