package dev.netlab.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The message rules around the lookup, byte by byte: what gets FORMERR, silence, NOTIMP. */
@Timeout(30)
class ResponderTest {
  private final Responder responder = new Responder(new Authority(new Zones(ZoneFiles.examples())));

  private static byte[] query(String name, int type) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire();
  }

  private Message answer(byte[] wire) throws IOException {
    Reply r = responder.respond(wire, false);
    assertThat(r.wire()).as("a response").isNotNull();
    Message m = new Message(r.wire());
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(m.getHeader().getID()).isEqualTo(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
    return m;
  }

  private static void setCount(byte[] wire, int section, int count) {
    wire[4 + 2 * section] = (byte) (count >>> 8);
    wire[5 + 2 * section] = (byte) count;
  }

  /** A header of query id 0x1234 with one question, then {@code rest}. */
  private static byte[] withQuestion(byte[] rest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
    out.writeBytes(rest);
    return out.toByteArray();
  }

  @Test
  void anythingShorterThanAHeaderGetsNoAnswer() throws IOException {
    byte[] q = query("www.lab.test.", Type.A);
    for (int n = 0; n < Responder.HEADER_LENGTH; n++) {
      assertThat(responder.respond(Arrays.copyOf(q, n), false).wire()).as("%d bytes", n).isNull();
    }
  }

  @Test
  void aResponseIsNeverAnswered() throws IOException {
    byte[] q = query("www.lab.test.", Type.A);
    q[2] |= (byte) 0x80;
    assertThat(responder.respond(q, false).wire()).isNull();
  }

  @Test
  void noQuestionIsFormerr() throws IOException {
    byte[] q = Arrays.copyOf(query("www.lab.test.", Type.A), Responder.HEADER_LENGTH);
    setCount(q, Section.QUESTION, 0);
    assertThat(answer(q).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void twoQuestionsAreFormerr() throws IOException {
    byte[] one = query("www.lab.test.", Type.A);
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    two.writeBytes(one);
    two.writeBytes(Arrays.copyOfRange(one, Responder.HEADER_LENGTH, one.length));
    byte[] q = two.toByteArray();
    setCount(q, Section.QUESTION, 2);
    assertThat(answer(q).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void aQuestionCountThatLiesIsFormerr() throws IOException {
    byte[] q = query("www.lab.test.", Type.A);
    setCount(q, Section.QUESTION, 2);
    assertThat(answer(q).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void aCompressionPointerLoopIsFormerr() throws IOException {
    // the name is a pointer to itself (offset 12)
    byte[] q = withQuestion(new byte[] {(byte) 0xC0, 0x0C, 0, 1, 0, 1});
    assertThat(answer(q).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void aLabelOf64BytesIsFormerr() throws IOException {
    // length 64, 64 letters, the root label, type A, class IN
    byte[] name = new byte[1 + 64 + 1 + 4];
    name[0] = 64;
    Arrays.fill(name, 1, 65, (byte) 'a');
    name[67] = 1;
    name[69] = 1;
    assertThat(answer(withQuestion(name)).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void aNameOver255BytesIsFormerr() throws IOException {
    ByteArrayOutputStream name = new ByteArrayOutputStream();
    for (int i = 0; i < 5; i++) {
      name.write(63);
      name.writeBytes("a".repeat(63).getBytes());
    }
    name.writeBytes(new byte[] {0, 0, 1, 0, 1});
    assertThat(answer(withQuestion(name.toByteArray())).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void otherOpcodesAreNotImplemented() throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("www.lab.test."), Type.A, 1));
    q.getHeader().setOpcode(Opcode.STATUS);
    Message m = answer(q.toWire());
    assertThat(m.getRcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(m.getHeader().getOpcode()).isEqualTo(Opcode.STATUS);
  }

  @Test
  void ednsVersion1IsBadversWithAnOpt() throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("www.lab.test."), Type.A, 1));
    q.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
    Message m = answer(q.toWire());
    assertThat(m.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(m.getOPT().getVersion()).isZero();
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void unknownEdnsOptionsAreIgnored() throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("www.lab.test."), Type.A, 1));
    q.addRecord(
        new OPTRecord(
            1232, 0, 0, 0, new org.xbill.DNS.GenericEDNSOption(65_001, new byte[] {1, 2, 3})),
        Section.ADDITIONAL);
    Message m = answer(q.toWire());
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(m.getOPT().getOptions()).isEmpty();
  }

  @Test
  void theDoBitIsCopiedAndNoOtherEdnsFlag() throws IOException {
    for (int flags : new int[] {ExtendedFlags.DO, ExtendedFlags.DO | 0x0080, 0x0080, 0}) {
      Message q = Message.newQuery(Record.newRecord(Name.fromString("www.lab.test."), Type.A, 1));
      q.addRecord(new OPTRecord(1232, 0, 0, flags), Section.ADDITIONAL);
      Message m = answer(q.toWire());
      assertThat(m.getOPT().getFlags())
          .as("OPT flags answering 0x%04x (RFC 3225 3: DO is copied; unknown flags are not)", flags)
          .isEqualTo(flags & ExtendedFlags.DO);
    }
  }

  @Test
  void twoOptRecordsAreFormerr() throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("www.lab.test."), Type.A, 1));
    q.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
    q.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
    assertThat(answer(q.toWire()).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void theEdnsSizeIsClampedToWhatTheServerSends() {
    assertThat(Responder.clamp(0)).isEqualTo(512);
    assertThat(Responder.clamp(511)).isEqualTo(512);
    assertThat(Responder.clamp(1000)).isEqualTo(1000);
    assertThat(Responder.clamp(65_535)).isEqualTo(Responder.MAX_UDP_SIZE);
  }

  @Property(tries = 3000)
  void anyBytesGetSilenceOrAParsableResponse(@ForAll @Size(max = 600) byte[] input)
      throws IOException {
    for (boolean tcp : new boolean[] {false, true}) {
      Reply r = responder.respond(input, tcp);
      if (r.wire() != null) {
        Message m = new Message(r.wire());
        assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(r.wire().length).isLessThanOrEqualTo(tcp ? 65_535 : Responder.MAX_UDP_SIZE);
      }
    }
  }

  @Property(tries = 2000)
  void aQueryHeaderWithAnyTailIsAnsweredOrDropped(@ForAll @Size(max = 300) byte[] tail)
      throws IOException {
    byte[] q = withQuestion(tail);
    Reply r = responder.respond(q, false);
    assertThat(r.wire()).as("a query header parses: FORMERR at worst").isNotNull();
    assertThat(new Message(r.wire()).getHeader().getID()).isEqualTo(0x1234);
  }
}
