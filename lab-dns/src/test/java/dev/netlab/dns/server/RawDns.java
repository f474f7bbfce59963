package dev.netlab.dns.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Bytes to the server as a hostile client sends them, with bounded waits for what comes back. */
final class RawDns {
  /** How long a test waits for an answer it expects. */
  static final int WAIT_MILLIS = 5_000;

  private RawDns() {}

  /** A query for www.lab.test A with {@code id}. */
  static byte[] query(int id) throws IOException {
    Message m =
        Message.newQuery(Record.newRecord(Name.fromString("www.lab.test."), Type.A, DClass.IN));
    m.getHeader().setID(id);
    return m.toWire();
  }

  static DatagramSocket udpSocket() throws IOException {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    s.setSoTimeout(WAIT_MILLIS);
    return s;
  }

  static void send(DatagramSocket s, InetSocketAddress to, byte[] bytes) throws IOException {
    s.send(new DatagramPacket(bytes, bytes.length, to));
  }

  /** The next datagram, as a message. */
  static Message receive(DatagramSocket s) throws IOException {
    byte[] buf = new byte[65_535];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    s.receive(p);
    return new Message(Arrays.copyOf(buf, p.getLength()));
  }

  static Socket tcp(InetSocketAddress to) throws IOException {
    Socket s = new Socket(to.getAddress(), to.getPort());
    s.setSoTimeout(WAIT_MILLIS);
    return s;
  }

  /** One message with its 2-byte length prefix. */
  static void writeFrame(Socket s, byte[] message) throws IOException {
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeShort(message.length);
    out.write(message);
    out.flush();
  }

  /** The next framed message. */
  static Message readFrame(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] m = new byte[in.readUnsignedShort()];
    in.readFully(m);
    return new Message(m);
  }

  /** Whether the server closed the connection (end of stream) within the wait. */
  static boolean closedByServer(Socket s) throws IOException {
    try {
      return s.getInputStream().read() == -1;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }
}
