package dev.netlab.tcp.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.Console;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.PacketDecoder;
import dev.netlab.common.capture.PcapReader;
import dev.netlab.common.capture.PcapRecord;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.pcap.PcapSink;
import dev.netlab.common.transport.Transport;
import dev.netlab.tcp.TcpMetrics;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pcap FILE}: the channel's payload in a pcap file our own decoder (and Wireshark) reads.
 */
@Timeout(30)
class PcapOptionTest {
  @Test
  void clientPcapHoldsTheEchoedPayloadInsideSynthesizedTcp(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.pcap");
    LabRun serverRun = LabRun.quiet(Transport.best());
    try (EchoServer server =
        new EchoServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            serverRun,
            new TcpMetrics(serverRun.metrics().registry()))) {
      server.start();
      try (LabRun run = new LabRun(Console.silent(), Transport.best(), new PcapSink(file), false);
          EchoClient client =
              new EchoClient(
                  server.localAddress(),
                  run,
                  new TcpMetrics(run.metrics().registry()),
                  Duration.ofSeconds(5),
                  null)) {
        client.echo("ping\n".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5));
      }
    }
    List<Packet> packets = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        PcapReader r = new PcapReader(in)) {
      PcapRecord rec;
      while ((rec = r.next()) != null) {
        packets.add(PacketDecoder.decode(r.linkType(), rec));
      }
    }
    assertThat(packets).extracting(p -> p.tcp().flagString()).startsWith("S", "S.", ".");
    assertThat(packets)
        .filteredOn(p -> p.tcp().payloadLength() == 5)
        .extracting(p -> new String(p.payload(), StandardCharsets.US_ASCII))
        .containsExactly("ping\n", "ping\n");
  }
}
