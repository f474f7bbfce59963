package dev.netlab.grade.capture;

import dev.netlab.common.base.StudentToken;
import dev.netlab.common.capture.LinkType;
import dev.netlab.common.testing.CaptureBytes;
import dev.netlab.udp.probe.ProbeDatagram;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Builds the captures the grader's tests read, frame by frame on 127.0.0.1, wrapped in any link
 * type the grader accepts: a whole echo connection with the student's token (the handshake
 * exercise) and the DNS lab's queries (the DNS exercise). Its values are the answer key.
 */
final class Conversation {
  static final String STUDENT = "s1234";
  static final int CLIENT_PORT = 43_210;
  static final int ECHO_PORT = 10_007;
  static final int DNS_PORT = 10_053;
  static final long CLIENT_ISN = 3_211_377_200L;
  static final long SERVER_ISN = 1_234_567L;
  static final int MSS = 65_495;
  static final int WSCALE = 7;
  static final int WWW_TTL = 300;
  static final int SOA_MINIMUM = 60;
  static final int WWW_ID = 0x4d2a;
  static final int UDP_PORT = 10_009;
  static final int RELAY_PORT = 10_900;
  static final int RELAY_OUT_PORT = 50_001;
  static final int UDP_SENT = 10;
  static final int UDP_PAYLOAD = 64;
  static final Set<Integer> UDP_LOST = Set.of(3, 7);

  /** TCP flag bits. */
  static final int FIN = 0x01, SYN = 0x02, PSH = 0x08, ACK = 0x10;

  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  private Conversation() {}

  /** The handshake exercise's frames: SYN is frame 1, the client's FIN frame 8. */
  static List<byte[]> echoConnection(String student) {
    return echoConnection(student, CLIENT_PORT, CLIENT_ISN);
  }

  /** One echo connection from {@code port}: SYN first, the client's FIN eighth of its ten. */
  static List<byte[]> echoConnection(String student, int port, long isn) {
    byte[] line = StudentToken.tcpLine(student).getBytes(StandardCharsets.US_ASCII);
    long c = isn + 1;
    long s = SERVER_ISN + 1;
    int n = line.length;
    List<byte[]> f = new ArrayList<>();
    f.add(tcp(port, ECHO_PORT, isn, 0, SYN, synOptions(), new byte[0]));
    f.add(tcp(ECHO_PORT, port, SERVER_ISN, c, SYN | ACK, synOptions(), new byte[0]));
    f.add(tcp(port, ECHO_PORT, c, s, ACK, new byte[0], new byte[0]));
    f.add(tcp(port, ECHO_PORT, c, s, PSH | ACK, new byte[0], line));
    f.add(tcp(ECHO_PORT, port, s, c + n, PSH | ACK, new byte[0], line));
    f.add(tcp(port, ECHO_PORT, c + n, s + n, ACK, new byte[0], new byte[0]));
    f.add(tcp(ECHO_PORT, port, s, c + n, PSH | ACK, new byte[0], line)); // retransmitted
    f.add(tcp(port, ECHO_PORT, c + n, s + n, FIN | ACK, new byte[0], new byte[0]));
    f.add(tcp(ECHO_PORT, port, s + n, c + n + 1, FIN | ACK, new byte[0], new byte[0]));
    f.add(tcp(port, ECHO_PORT, c + n + 1, s + n + 1, ACK, new byte[0], new byte[0]));
    return f;
  }

  /** The ports exercise's frames: two echo clients one after the other (SYNs 1 and 11). */
  static List<byte[]> twoEchoConnections(String student) {
    List<byte[]> f = new ArrayList<>(echoConnection(student));
    f.addAll(echoConnection(student, CLIENT_PORT + 1, CLIENT_ISN + 1_000_000));
    return f;
  }

  /** Right answers to the ports exercise for {@link #twoEchoConnections}. */
  static String portsAnswers() {
    return "{\"answers\": {"
        + "\"server_port\": {\"frame\": 1, \"value\": "
        + ECHO_PORT
        + "},"
        + "\"first_client_port\": {\"frame\": 1, \"value\": "
        + CLIENT_PORT
        + "},"
        + "\"second_client_port\": {\"frame\": 11, \"value\": "
        + (CLIENT_PORT + 1)
        + "},"
        + "\"first_fin_port\": {\"frame\": 8, \"value\": "
        + CLIENT_PORT
        + "}}}";
  }

  /** Right answers to the handshake exercise for {@link #echoConnection}. */
  static String echoAnswers() {
    long finSeq = CLIENT_ISN + 1 + StudentToken.tcpLine(STUDENT).length();
    return "{\"answers\": {"
        + "\"client_port\": {\"frame\": 1, \"value\": "
        + CLIENT_PORT
        + "},"
        + "\"client_isn\": {\"frame\": 1, \"value\": "
        + CLIENT_ISN
        + "},"
        + "\"server_isn\": {\"frame\": 2, \"value\": \""
        + SERVER_ISN
        + "\"},"
        + "\"client_mss\": {\"frame\": 1, \"value\": "
        + MSS
        + "},"
        + "\"server_window_scale\": {\"frame\": 2, \"value\": "
        + WSCALE
        + "},"
        + "\"client_fin_seq\": {\"frame\": 8, \"value\": \"0x"
        + Long.toHexString(finSeq)
        + "\"}}}";
  }

  /** The DNS exercise's frames: token query and NXDOMAIN (1, 2), www (3, 4), nope (5, 6). */
  static List<byte[]> dnsQueries(String student) throws IOException {
    Name zone = Name.fromString("lab.test.");
    Name token = Name.fromString(StudentToken.dnsName(student));
    Name www = Name.fromString("www.lab.test.");
    Name nope = Name.fromString("nope.lab.test.");
    SOARecord soa =
        new SOARecord(
            zone,
            DClass.IN,
            SOA_MINIMUM,
            Name.fromString("ns1.lab.test."),
            Name.fromString("hostmaster.lab.test."),
            2026112501,
            3600,
            600,
            86400,
            SOA_MINIMUM);
    List<byte[]> f = new ArrayList<>();
    Message q1 = query(0x1111, token, Type.TXT);
    f.add(udp(CLIENT_PORT, DNS_PORT, q1.toWire()));
    f.add(udp(DNS_PORT, CLIENT_PORT, answer(q1, Rcode.NXDOMAIN, null, soa).toWire()));
    Message q2 = query(WWW_ID, www, Type.A);
    f.add(udp(CLIENT_PORT + 1, DNS_PORT, q2.toWire()));
    ARecord a = new ARecord(www, DClass.IN, WWW_TTL, java.net.InetAddress.getByName("192.0.2.10"));
    f.add(udp(DNS_PORT, CLIENT_PORT + 1, answer(q2, Rcode.NOERROR, a, null).toWire()));
    Message q3 = query(0x3333, nope, Type.A);
    f.add(udp(CLIENT_PORT + 2, DNS_PORT, q3.toWire()));
    f.add(udp(DNS_PORT, CLIENT_PORT + 2, answer(q3, Rcode.NXDOMAIN, null, soa).toWire()));
    return f;
  }

  /** Right answers to the DNS exercise for {@link #dnsQueries}. */
  static String dnsAnswers() {
    return "{\"answers\": {"
        + "\"www_aa\": {\"frame\": 4, \"value\": \"yes\"},"
        + "\"www_ttl\": {\"frame\": 4, \"value\": "
        + WWW_TTL
        + "},"
        + "\"www_id\": {\"frame\": 3, \"value\": \"0x4d2a\"},"
        + "\"nope_rcode\": {\"frame\": 6, \"value\": \"nxdomain\"},"
        + "\"nope_soa_minimum\": {\"frame\": 6, \"value\": "
        + SOA_MINIMUM
        + "}}}";
  }

  /** The UDP loss exercise's frames: each DATA to the relay, then on to the server unless lost. */
  static List<byte[]> udpThroughLossyRelay(String student) {
    List<byte[]> f = new ArrayList<>();
    for (int seq = 0; seq < UDP_SENT; seq++) {
      byte[] data = probe(ProbeDatagram.TYPE_DATA, seq, student);
      f.add(udp(CLIENT_PORT, RELAY_PORT, data));
      if (!UDP_LOST.contains(seq)) {
        f.add(udp(RELAY_OUT_PORT, UDP_PORT, data));
      }
    }
    f.add(udp(CLIENT_PORT, RELAY_PORT, probe(ProbeDatagram.TYPE_END, UDP_SENT, null)));
    return f;
  }

  /**
   * Right answers for {@link #udpThroughLossyRelay}: END is the last frame, 2 the first relayed.
   */
  static String udpLossAnswers(int frames) {
    return "{\"answers\": {"
        + "\"sent_count\": {\"frame\": "
        + frames
        + ", \"value\": "
        + UDP_SENT
        + "},"
        + "\"udp_length\": {\"frame\": 2, \"value\": "
        + (8 + UDP_PAYLOAD)
        + "},"
        + "\"seq_at_server\": {\"frame\": 2, \"value\": 0}}}";
  }

  /** A lab UDP datagram of {@link #UDP_PAYLOAD} bytes, the student's line after the header. */
  private static byte[] probe(byte type, long seq, String student) {
    ByteBuffer b =
        ByteBuffer.allocate(UDP_PAYLOAD)
            .putInt(ProbeDatagram.MAGIC)
            .put(type)
            .put(new byte[3])
            .putLong(seq)
            .putLong(1_764_000_000_000_000_000L);
    if (student != null) {
      b.put(StudentToken.tcpLine(student).getBytes(StandardCharsets.US_ASCII));
    }
    return b.array();
  }

  private static Message query(int id, Name name, int type) {
    Message m = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    m.getHeader().setID(id);
    return m;
  }

  private static Message answer(Message q, int rcode, Record answer, Record authority) {
    Message r = new Message(q.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.AA);
    r.getHeader().setRcode(rcode);
    r.addRecord(q.getQuestion(), Section.QUESTION);
    if (answer != null) {
      r.addRecord(answer, Section.ANSWER);
    }
    if (authority != null) {
      r.addRecord(authority, Section.AUTHORITY);
    }
    return r;
  }

  /** MSS, SACK permitted, NOP, window scale, then NOPs to a multiple of 4. */
  private static byte[] synOptions() {
    return ByteBuffer.allocate(12)
        .put((byte) 2)
        .put((byte) 4)
        .putShort((short) MSS)
        .put((byte) 4)
        .put((byte) 2)
        .put((byte) 1)
        .put((byte) 3)
        .put((byte) 3)
        .put((byte) WSCALE)
        .put((byte) 1)
        .put((byte) 1)
        .array();
  }

  static byte[] tcp(int from, int to, long seq, long ack, int flags, byte[] opts, byte[] data) {
    int header = 20 + opts.length;
    byte[] segment =
        ByteBuffer.allocate(header + data.length)
            .putShort((short) from)
            .putShort((short) to)
            .putInt((int) seq)
            .putInt((int) ack)
            .putShort((short) (header / 4 << 12 | flags))
            .putShort((short) 65_483)
            .putInt(0)
            .put(opts)
            .put(data)
            .array();
    return ipv4(6, segment);
  }

  static byte[] udp(int from, int to, byte[] data) {
    byte[] datagram =
        ByteBuffer.allocate(8 + data.length)
            .putShort((short) from)
            .putShort((short) to)
            .putShort((short) (8 + data.length))
            .putShort((short) 0)
            .put(data)
            .array();
    return ipv4(17, datagram);
  }

  private static byte[] ipv4(int protocol, byte[] payload) {
    return ByteBuffer.allocate(20 + payload.length)
        .put((byte) 0x45)
        .put((byte) 0)
        .putShort((short) (20 + payload.length))
        .putShort((short) 0)
        .putShort((short) 0x4000)
        .put((byte) 64)
        .put((byte) protocol)
        .putShort((short) 0)
        .put(LOOPBACK)
        .put(LOOPBACK)
        .put(payload)
        .array();
  }

  /** {@code ip} behind the link header of {@code type}, as a capture on loopback has it. */
  static byte[] link(LinkType type, byte[] ip) {
    ByteBuffer b = ByteBuffer.allocate(type.headerLength() + ip.length);
    switch (type) {
      case EN10MB -> b.put(new byte[12]).putShort((short) 0x0800);
      case NULL -> b.order(ByteOrder.LITTLE_ENDIAN).putInt(2).order(ByteOrder.BIG_ENDIAN);
      case LOOP -> b.putInt(2);
      case LINUX_SLL ->
          b.putShort((short) 0)
              .putShort((short) 772)
              .putShort((short) 6)
              .put(new byte[8])
              .putShort((short) 0x0800);
      case LINUX_SLL2 ->
          b.putShort((short) 0x0800)
              .putShort((short) 0)
              .putInt(1)
              .putShort((short) 772)
              .put((byte) 0)
              .put((byte) 6)
              .put(new byte[8]);
      case RAW -> {}
    }
    return b.put(ip).array();
  }

  /** The frames as a capture file: pcapng or pcap, with the link type's header on each. */
  static Path write(Path file, LinkType type, boolean pcapng, List<byte[]> ipPackets)
      throws IOException {
    List<byte[]> frames = ipPackets.stream().map(p -> link(type, p)).toList();
    byte[] bytes =
        pcapng
            ? CaptureBytes.pcapng(type.code(), ByteOrder.LITTLE_ENDIAN, frames)
            : CaptureBytes.pcap(type.code(), ByteOrder.BIG_ENDIAN, false, frames);
    return Files.write(file, bytes);
  }
}
