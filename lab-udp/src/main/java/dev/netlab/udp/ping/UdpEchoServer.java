package dev.netlab.udp.ping;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.UdpServer;
import dev.netlab.common.services.UdpEchoServerHandler;
import dev.netlab.udp.UdpMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;

/** UDP echo (RFC 862): every datagram goes back to its sender unchanged. */
public final class UdpEchoServer extends UdpServer {
  /** 10000 + echo's well-known port 7 (UDP). */
  public static final int DEFAULT_PORT = 10_007;

  public UdpEchoServer(InetSocketAddress bindAddress, LabRun run, UdpMetrics metrics) {
    super(
        bindAddress,
        run.transport(),
        new ChannelInitializer<DatagramChannel>() {
          @Override
          protected void initChannel(DatagramChannel ch) {
            // --pcap: the datagrams this socket reads and writes
            run.addPcap(ch.pipeline());
            // logic: send each datagram back
            ch.pipeline().addLast("echo", new UdpEchoServerHandler(metrics));
          }
        },
        "UDP echo server");
  }
}
