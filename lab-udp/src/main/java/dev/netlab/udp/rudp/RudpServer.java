package dev.netlab.udp.rudp;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.UdpServer;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/** The RUDP receiver: accepts connections, delivers in order, answers FIN with its SHA-256. */
public final class RudpServer extends UdpServer {
  /** No well-known port: the lab's own protocol, documented in docs/rudp.md. */
  public static final int DEFAULT_PORT = 10_200;

  /** Receive window in datagrams, unless told otherwise. */
  public static final int DEFAULT_WINDOW = 4096;

  public RudpServer(
      InetSocketAddress bindAddress,
      LabRun run,
      RudpMetrics metrics,
      int window,
      Consumer<RudpReceiver> onFinished) {
    super(
        bindAddress,
        run.transport(),
        new ChannelInitializer<DatagramChannel>() {
          @Override
          protected void initChannel(DatagramChannel ch) {
            // --pcap: the datagrams this socket reads and writes
            run.addPcap(ch.pipeline());
            // codec and logic: decode, check, deliver, acknowledge once per read batch
            ch.pipeline()
                .addLast("rudp", new RudpServerHandler(run.console(), metrics, window, onFinished));
          }
        },
        "RUDP receiver");
  }
}
