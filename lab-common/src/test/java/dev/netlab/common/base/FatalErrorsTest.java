package dev.netlab.common.base;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.net.UdpServer;
import dev.netlab.common.transport.Transport;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An error on an event loop ends the process with exit 1 and one line: a server process (a JVM of
 * its own, since the test's JVM must live) whose handler runs out of memory on the first datagram.
 */
class FatalErrorsTest {
  /** A UDP server whose handler throws OutOfMemoryError on every datagram, as ours would. */
  public static final class Victim {
    public static void main(String[] args) throws Exception {
      UdpServer server =
          new UdpServer(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              Transport.best(),
              new SimpleChannelInboundHandler<DatagramPacket>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                  throw new OutOfMemoryError("Java heap space");
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                  FatalErrors.exitIfFatal(cause);
                  System.out.println("still serving after " + cause);
                }
              },
              "victim");
      server.start();
      System.out.println(server.localAddress().getPort());
      System.out.flush();
      // (killed by the test if the error did not end it)
      new java.util.concurrent.CountDownLatch(1).await(60, TimeUnit.SECONDS);
      System.exit(0);
    }
  }

  @Test
  @Timeout(60)
  void anOutOfMemoryErrorOnTheEventLoopEndsTheProcessWithExitOneAndOneLine() throws Exception {
    Process p =
        new ProcessBuilder(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp",
                System.getProperty("java.class.path"),
                Victim.class.getName())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      int port = Integer.parseInt(out.readLine().trim());
      try (DatagramSocket s = new DatagramSocket()) {
        byte[] b = new byte[] {1};
        s.send(new java.net.DatagramPacket(b, 1, InetAddress.getLoopbackAddress(), port));
      }
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the process ended").isTrue();
      assertThat(p.exitValue()).isEqualTo(FatalErrors.EXIT_STATUS);
      List<String> err =
          new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank() && !l.contains("SLF4J"))
              .toList();
      assertThat(err).hasSize(1);
      assertThat(err.get(0)).startsWith("netlab: fatal OutOfMemoryError (Java heap space)");
      assertThat(out.readLine()).isNull(); // never "still serving"
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void errorsAnywhereInTheCauseChainAreFatalExceptionsAreNot() {
    assertThat(FatalErrors.isFatal(new OutOfMemoryError())).isTrue();
    assertThat(FatalErrors.isFatal(new RuntimeException(new StackOverflowError()))).isTrue();
    assertThat(FatalErrors.isFatal(new java.io.IOException("reset"))).isFalse();
    assertThat(FatalErrors.message(new RuntimeException(new OutOfMemoryError("Direct buffer"))))
        .startsWith("netlab: fatal OutOfMemoryError (Direct buffer) on thread")
        .contains("-Xmx");
  }
}
