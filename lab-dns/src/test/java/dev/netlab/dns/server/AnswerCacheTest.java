package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.transport.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The cached answers are the responder's answers: for every name of the example zones (and names
 * that do not exist, synthesized ones, names below a delegation), every type, with and without
 * EDNS, the bytes a repeated query gets from the cache are the bytes the responder makes for it,
 * whatever the case of its name, its id and its RD and CD flags.
 */
@Timeout(60)
class AnswerCacheTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5353);
  private static final int[] TYPES = {
    Type.A,
    Type.AAAA,
    Type.NS,
    Type.SOA,
    Type.MX,
    Type.TXT,
    Type.CNAME,
    Type.ANY,
    Type.DS,
    Type.PTR,
    Type.OPT,
    65280
  };

  /** EDNS UDP sizes asked; null: no EDNS. */
  private static final Integer[] EDNS = {null, 512, 1232, 4096};

  private final LabRun run = LabRun.quiet(Transport.NIO);
  private final Authority authority = new Authority(new Zones(ZoneFiles.examples()));
  private final Responder responder = new Responder(authority);
  private final AnswerCache cache = new AnswerCache(authority);
  private final QueryLog queryLog =
      new QueryLog(run.console(), new DnsMetrics(run.metrics().registry()), true);

  private EmbeddedChannel channel() {
    return new EmbeddedChannel(
        new DnsUdpServerHandler(responder, cache, queryLog, TransferAcl.loopback()));
  }

  static List<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (ZoneData z : ZoneFiles.examples()) {
      for (Record r : z.records()) {
        names.add(r.getName().toString());
      }
    }
    names.addAll(
        List.of(
            "nope.lab.test.",
            "x.wild.lab.test.",
            "deeper.x.wild.lab.test.",
            "ent.lab.test.",
            "b.ent.lab.test.",
            "host.sub.lab.test.",
            "nope.example.test.",
            "www.example.com.",
            "."));
    return new ArrayList<>(names);
  }

  /** Every other letter upper case: wWw.lAb.tEsT. */
  static String oddCase(String name) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      s.append(i % 2 == 0 ? c : Character.toUpperCase(c));
    }
    return s.toString();
  }

  static byte[] query(String name, int type, int dclass, Integer edns, int id, boolean flags)
      throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, dclass));
    q.getHeader().setID(id);
    if (flags) {
      q.getHeader().setFlag(Flags.CD);
    } else {
      q.getHeader().unsetFlag(Flags.RD);
    }
    if (edns != null) {
      q.addRecord(new OPTRecord(edns, 0, 0, edns == 4096 ? 0x8000 : 0), Section.ADDITIONAL);
    }
    return q.toWire();
  }

  /** The bytes the handler sends back for {@code query}. */
  private static byte[] ask(EmbeddedChannel ch, byte[] query) {
    ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(query), null, CLIENT));
    DatagramPacket out = ch.readOutbound();
    assertThat(out).as("an answer").isNotNull();
    ByteBuf content = out.content();
    byte[] bytes = ByteBufUtil.getBytes(content);
    out.release();
    return bytes;
  }

  @Test
  void aCachedAnswerIsTheResponderAnswerByteForByte() throws Exception {
    EmbeddedChannel ch = channel();
    int checked = 0;
    for (String name : names()) {
      for (int type : TYPES) {
        for (int dclass : new int[] {DClass.IN, DClass.ANY, DClass.CH}) {
          for (Integer edns : EDNS) {
            byte[] first = query(name, type, dclass, edns, 1, false);
            assertThat(ask(ch, first)).isEqualTo(responder.respond(first, false).wire());
            byte[] again = query(oddCase(name), type, dclass, edns, 0xBEEF, true);
            assertThat(ask(ch, again))
                .as("%s %s %s EDNS %s", oddCase(name), Type.string(type), dclass, edns)
                .isEqualTo(responder.respond(again, false).wire());
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(1_000);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void repeatedQuestionsAreAnsweredFromTheCache() throws Exception {
    EmbeddedChannel ch = channel();
    byte[] q = query("www.lab.test.", Type.A, DClass.IN, 1232, 7, false);
    ask(ch, q);
    QuestionKey key = new QuestionKey();
    assertThat(
            key.read(
                Unpooled.wrappedBuffer(query("WWW.lab.test.", Type.A, DClass.IN, 1232, 9, true))))
        .isTrue();
    assertThat(AnswerCache.get(cache.generation(), key)).isNotNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void aReloadEmptiesTheCache() throws Exception {
    EmbeddedChannel ch = channel();
    byte[] q = query("www.lab.test.", Type.A, DClass.IN, null, 7, false);
    byte[] before = ask(ch, q);
    ZoneData lab = ZoneFiles.examples().get(0);
    List<Record> changed = new ArrayList<>();
    for (Record r : lab.records()) {
      if (r.getName().equals(Name.fromString("www.lab.test.")) && r.getType() == Type.A) {
        r = Record.fromString(r.getName(), Type.A, DClass.IN, 300, "192.0.2.77", Name.root);
      }
      changed.add(r);
    }
    authority.serve(
        new Zones(List.of(ZoneData.of(lab.origin(), changed), ZoneFiles.examples().get(1))));
    byte[] after = ask(ch, q);
    assertThat(after).isNotEqualTo(before);
    assertThat(new Message(after).getSection(Section.ANSWER).get(0).rdataToString())
        .isEqualTo("192.0.2.77");
    ch.finishAndReleaseAll();
  }

  @Test
  void queriesOfAnotherShapeAreAnsweredInFullAndNotKept() throws Exception {
    QuestionKey key = new QuestionKey();
    byte[] q = query("www.lab.test.", Type.A, DClass.IN, null, 7, false);
    // a compression pointer in the question, two questions, EDNS version 1, trailing bytes
    byte[] pointer = q.clone();
    pointer[QuestionKey.QNAME] = (byte) 0xC0;
    byte[] two = q.clone();
    two[QuestionKey.QDCOUNT + 1] = 2;
    byte[] trailing = java.util.Arrays.copyOf(q, q.length + 1);
    Message v1 = new Message(q);
    v1.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
    for (byte[] odd : List.of(pointer, two, trailing, v1.toWire())) {
      assertThat(key.read(Unpooled.wrappedBuffer(odd))).isFalse();
      EmbeddedChannel ch = channel();
      assertThat(ask(ch, odd)).isEqualTo(responder.respond(odd, false).wire());
      ch.finishAndReleaseAll();
    }
    byte[] axfr = query("lab.test.", Type.AXFR, DClass.IN, null, 7, false);
    assertThat(key.read(Unpooled.wrappedBuffer(axfr))).isTrue();
    assertThat(AnswerCache.transfer(key.type())).isTrue();
  }
}
