package dev.netlab.dns.server;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Type;

/**
 * Answers already encoded, by {@link QuestionKey}: a repeated question costs a copy and three
 * patches (the id, the RD and CD flags, the name's case) instead of a parse, a lookup and an
 * encoding. The answers belong to the zones they came from: a reload starts an empty cache.
 * Bounded: when {@link #MAX_ENTRIES} answers are held, the next one empties it (questions for ever
 * new names then cost what they cost without a cache, no more).
 */
final class AnswerCache {
  /** Answers held at most; the example zones need a few hundred. */
  static final int MAX_ENTRIES = 10_000;

  /**
   * One encoded answer and what the query log and the meters say about it.
   *
   * @param counter the queries counter of its rcode and type over UDP, looked up once
   */
  record Entry(byte[] wire, Reply reply, Counter counter) {}

  /** The zones answers were encoded from, and those answers. */
  record Generation(Zones zones, ConcurrentHashMap<QuestionKey, Entry> answers) {}

  private final Authority authority;
  private volatile Generation current;

  AnswerCache(Authority authority) {
    this.authority = authority;
    this.current = new Generation(authority.zones(), new ConcurrentHashMap<>());
  }

  /**
   * The zones to answer from now and the cache of their answers, read together: an answer computed
   * from one generation's zones is only ever kept in that generation.
   */
  Generation generation() {
    Generation g = current;
    Zones served = authority.zones();
    if (g.zones() != served) {
      g = new Generation(served, new ConcurrentHashMap<>());
      current = g;
    }
    return g;
  }

  /** AXFR and IXFR: their answers depend on who asks, never cached. */
  static boolean transfer(int qtype) {
    return qtype == Type.AXFR || qtype == Type.IXFR;
  }

  /**
   * Whether {@code entry} can be patched for later queries: an answer that repeats the question's
   * name where a query has it, byte for byte (anything else, such as FORMERR without the question,
   * is not kept).
   */
  static boolean fits(Entry entry, ByteBuf query, QuestionKey key) {
    byte[] wire = entry.wire();
    int n = key.nameLength();
    if (wire == null
        || wire.length < QuestionKey.QNAME + n
        || wire[QuestionKey.QDCOUNT] != 0
        || wire[QuestionKey.QDCOUNT + 1] != 1) {
      return false;
    }
    int q = query.readerIndex() + QuestionKey.QNAME;
    for (int i = 0; i < n; i++) {
      if (wire[QuestionKey.QNAME + i] != query.getByte(q + i)) {
        return false;
      }
    }
    return true;
  }

  /** The answer to a question with {@code key} in generation {@code g}, or null. */
  static Entry get(Generation g, QuestionKey key) {
    return g.answers().get(key);
  }

  /** Keeps {@code entry} as the answer to {@code key} (a key read from a query: copied). */
  static void put(Generation g, QuestionKey key, Entry entry) {
    if (g.answers().size() >= MAX_ENTRIES) {
      g.answers().clear();
    }
    g.answers().put(key.copy(), entry);
  }

  /**
   * The cached answer made the query's own: a copy with the query's id, its RD and CD flags and its
   * name as it spelled it.
   */
  static ByteBuf answer(ByteBufAllocator alloc, Entry entry, ByteBuf query, QuestionKey key) {
    byte[] wire = entry.wire();
    ByteBuf out = alloc.ioBuffer(wire.length);
    out.writeBytes(wire);
    int q = query.readerIndex();
    // the id
    out.setShort(0, query.getShort(q));
    int f1 = query.getByte(q + QuestionKey.FLAGS1) & QuestionKey.RD;
    int f2 = query.getByte(q + QuestionKey.FLAGS2) & QuestionKey.CD;
    out.setByte(QuestionKey.FLAGS1, (wire[QuestionKey.FLAGS1] & ~QuestionKey.RD) | f1);
    out.setByte(QuestionKey.FLAGS2, (wire[QuestionKey.FLAGS2] & ~QuestionKey.CD) | f2);
    // the name as asked (RFC 4343: case is preserved): later names point to it, compressed
    out.setBytes(QuestionKey.QNAME, query, q + QuestionKey.QNAME, key.nameLength());
    return out;
  }
}
