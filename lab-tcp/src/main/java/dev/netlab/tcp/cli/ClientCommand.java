package dev.netlab.tcp.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.netlab.common.base.LabException;
import dev.netlab.common.base.StudentToken;
import dev.netlab.common.cli.ClientOptions;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.Sockets;
import dev.netlab.tcp.TcpMetrics;
import dev.netlab.tcp.echo.EchoClient;
import dev.netlab.tcp.echo.EchoServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab tcp client}: talks to any echo server. */
@Command(
    name = "client",
    description =
        "Echo client: sends --message texts (or stdin, like nc) and prints what comes back. Works against any echo server (RFC 862).",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  lab tcp client --message hello --message again",
      "  printf 'one\\ntwo\\n' | lab tcp client -p 10007",
      "  lab tcp client --student s1234 -m hello   # for a graded capture"
    })
@DefaultPort(EchoServer.DEFAULT_PORT)
public final class ClientCommand extends LabCommand {
  @Mixin ClientOptions target;

  @Option(
      names = {"-m", "--message"},
      paramLabel = "TEXT",
      description =
          "Send TEXT plus a newline and wait for its echo (repeatable). Without it,"
              + " stdin is sent.")
  List<String> messages = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = Converters.PositiveTime.class,
      description = "Connect and echo timeout (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--student",
      paramLabel = "ID",
      description =
          "First send the line 'netlab-student TOKEN' (TOKEN derived from ID), which 'lab grade"
              + " capture --student ID' looks for in your capture.")
  String student;

  @Override
  protected int run(LabRun run) throws InterruptedException, IOException {
    InetSocketAddress server = target.address(EchoServer.DEFAULT_PORT);
    TcpMetrics metrics = new TcpMetrics(run.metrics().registry());
    boolean stdinMode = messages.isEmpty();
    try (EchoClient client =
        new EchoClient(
            server,
            run,
            metrics,
            timeout,
            stdinMode && !run.console().quiet() ? System.out : null)) {
      run.console()
          .claim(
              "IP-1",
              "connected from %s to %s",
              Sockets.hostPort((InetSocketAddress) client.channel().localAddress()),
              Sockets.hostPort(server));
      run.put("local", Sockets.hostPort((InetSocketAddress) client.channel().localAddress()));
      run.put("remote", Sockets.hostPort(server));
      byte[] tokenLine =
          student == null ? new byte[0] : StudentToken.tcpLine(student).getBytes(US_ASCII);
      if (student != null) {
        run.console().note("the first line carries student %s's token", student);
      }
      if (stdinMode) {
        long sent;
        try {
          sent =
              client.pipe(
                  new SequenceInputStream(new ByteArrayInputStream(tokenLine), System.in), timeout);
        } catch (TimeoutException e) {
          throw LabException.runtime(
              e.getMessage() + ": is " + Sockets.hostPort(server) + " an echo server?");
        }
        run.put("bytes_sent", sent).put("bytes_received", client.receivedBytes());
        if (client.firstMismatch() >= 0) {
          run.console()
              .note(
                  "the echo differs from what was sent, first at byte %d", client.firstMismatch());
          return 1;
        }
        if (sent != client.receivedBytes()) {
          throw LabException.runtime(
              "the server closed the connection after echoing "
                  + client.receivedBytes()
                  + " of "
                  + sent
                  + " bytes: is "
                  + Sockets.hostPort(server)
                  + " an echo server?");
        }
        return 0;
      }
      if (student != null) {
        try {
          client.echo(tokenLine, timeout);
        } catch (TimeoutException e) {
          throw LabException.runtime(
              "no echo of the student token line within "
                  + timeout.toMillis()
                  + " ms: is "
                  + Sockets.hostPort(server)
                  + " an echo server?");
        }
      }
      int matched = 0;
      for (String text : messages) {
        byte[] msg = (text + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] back;
        try {
          back = client.echo(msg, timeout);
        } catch (TimeoutException e) {
          throw LabException.runtime(
              "no echo of '"
                  + text
                  + "' within "
                  + timeout.toMillis()
                  + " ms: is "
                  + Sockets.hostPort(server)
                  + " an echo server?");
        }
        boolean same = Arrays.equals(msg, back);
        matched += same ? 1 : 0;
        run.console()
            .say(
                "%s %s",
                same ? "echoed:" : "MISMATCH:",
                new String(back, StandardCharsets.UTF_8).stripTrailing());
      }
      run.put("messages", messages.size()).put("echoed", matched);
      return matched == messages.size() ? 0 : 1;
    }
  }
}
