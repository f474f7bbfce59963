package dev.netlab.grade.tcpecho;

import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.CaseContext;
import dev.netlab.grade.engine.CaseFailure;
import dev.netlab.grade.engine.ExerciseSuite;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The cases of {@code tcp-echo-server}: the student's program is an RFC 862 echo server on
 * LAB_HOST:LAB_PORT. Each case opens its own connections; payloads come from the student's seed.
 */
public final class TcpEchoServerSuite implements ExerciseSuite {
  /** Bytes per write of the large transfer: a few segments' worth. */
  static final int CHUNK = 16 * 1024;

  /** Bytes the killed client sends without reading, so the server is mid-write when it dies. */
  static final int KILLED_CLIENT_BYTES = 1024 * 1024;

  /** How long the server is watched after a client was killed: a crash shows in this time. */
  static final Duration SURVIVAL_WATCH = Duration.ofSeconds(1);

  /** Words that make each student's lines their own. */
  private static final String[] WORDS = {
    "packet", "segment", "datagram", "socket", "port", "handshake", "window", "checksum"
  };

  @Override
  public Map<String, Check> checks() {
    return Map.of(
        "tcp_echo_one_line", this::oneLine,
        "tcp_echo_all_256_byte_values", this::allByteValues,
        "tcp_echo_1mib_byte_exact", this::bulkByteExact,
        "tcp_echo_concurrent_40_clients", this::concurrentClients,
        "tcp_echo_half_close", this::halfClose,
        "tcp_echo_client_killed_midway_server_survives", this::clientKilled);
  }

  /** One short line comes back as sent. */
  String oneLine(CaseContext ctx) throws Exception {
    String line = "hello " + word(ctx, "one_line") + "\n";
    return echoOnce(ctx, ctx.connect(), line.getBytes(StandardCharsets.US_ASCII), "one line");
  }

  /** Every byte value 0-255, then the same backwards: an echo must not treat its input as text. */
  String allByteValues(CaseContext ctx) throws Exception {
    byte[] b = new byte[512];
    for (int i = 0; i < 256; i++) {
      b[i] = (byte) i;
      b[511 - i] = (byte) i;
    }
    return echoOnce(ctx, ctx.connect(), b, "bytes 0x00-0xff and back");
  }

  /** A large seeded payload, written while the echo is read, comes back byte for byte. */
  String bulkByteExact(CaseContext ctx) throws Exception {
    int size = ctx.spec().intParam("bytes", 1 << 20);
    byte[] payload = new byte[size];
    new SplittableRandom(ctx.seed().seed("bulk")).nextBytes(payload);
    Socket s = ctx.connect();
    // written from another thread: an echo server cannot read more than it can write back, so
    // a client that wrote everything before reading would stall both
    CompletableFuture<Void> writing =
        CompletableFuture.runAsync(
            () -> {
              try {
                OutputStream out = s.getOutputStream();
                for (int off = 0; off < size; off += CHUNK) {
                  out.write(payload, off, Math.min(CHUNK, size - off));
                }
                out.flush();
              } catch (IOException e) {
                // the reader sees what the server did
              }
            });
    ctx.doing(Messages.get("echo.doing_bulk", size));
    Receive r = Receive.read(ctx, s, size, false, payload);
    writing.cancel(true);
    String diff = Bytes.firstDifference(payload, r.data(), r.length());
    if (diff != null) {
      throw new CaseFailure(
          Messages.get("echo.bulk_failed", size, ctx.seed().fingerprint(), diff, r.how()));
    }
    return Messages.get("echo.bulk_ok", size);
  }

  /** Many clients connected at once each get their own line back while the others wait. */
  String concurrentClients(CaseContext ctx) throws Exception {
    int n = ctx.spec().intParam("clients", 40);
    String w = word(ctx, "concurrent");
    List<Socket> sockets = new ArrayList<>();
    ctx.doing(Messages.get("echo.doing_connect", n));
    for (int i = 0; i < n; i++) {
      try {
        sockets.add(ctx.connect(Receive.MARGIN));
      } catch (SocketTimeoutException e) {
        throw new CaseFailure(Messages.get("echo.connect_failed", i, n, i + 1));
      }
    }
    for (int i = 0; i < n; i++) {
      sockets.get(i).getOutputStream().write(line(i, n, w));
    }
    for (int i = 0; i < n; i++) {
      byte[] want = line(i, n, w);
      ctx.doing(Messages.get("echo.doing_client", i + 1, n));
      Receive r = Receive.read(ctx, sockets.get(i), want.length, false, want);
      String diff = Bytes.firstDifference(want, r.data(), r.length());
      if (diff != null) {
        throw new CaseFailure(
            Messages.get(
                "echo.concurrent_failed", i + 1, n, Bytes.quoted(new String(want)), diff, r.how()));
      }
    }
    return Messages.get("echo.concurrent_ok", n);
  }

  private static byte[] line(int i, int n, String word) {
    return ("client " + (i + 1) + " of " + n + ": " + word + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The client sends its lines and then closes its sending side (FIN): the server must echo all of
   * it and then close its own side, which is how the client knows the echo is complete.
   */
  String halfClose(CaseContext ctx) throws Exception {
    String w = word(ctx, "half_close");
    byte[] sent =
        ("first " + w + "\nsecond " + w + "\nthird, no newline")
            .getBytes(StandardCharsets.US_ASCII);
    Socket s = ctx.connect();
    s.getOutputStream().write(sent);
    s.shutdownOutput();
    ctx.doing(Messages.get("echo.doing_half_close", sent.length));
    Receive r = Receive.read(ctx, s, sent.length, true, sent);
    String diff = Bytes.firstDifference(sent, r.data(), r.length());
    if (diff != null) {
      throw new CaseFailure(Messages.get("echo.half_close_failed", sent.length, diff, r.how()));
    }
    if (r.ending() != Receive.Ending.EOF) {
      throw new CaseFailure(Messages.get("echo.half_close_no_fin", sent.length, r.how()));
    }
    return Messages.get("echo.half_close_ok", sent.length);
  }

  /**
   * A client sends a lot without reading, so the server is busy writing to it, and is then killed
   * (its connection reset): the server must drop that client and go on serving the next.
   */
  String clientKilled(CaseContext ctx) throws Exception {
    Socket victim = ctx.connect();
    ctx.doing(Messages.get("echo.doing_victim", KILLED_CLIENT_BYTES));
    CompletableFuture<Void> flood =
        CompletableFuture.runAsync(
            () -> {
              try {
                victim.getOutputStream().write(new byte[KILLED_CLIENT_BYTES]);
              } catch (IOException stalled) {
                // expected: the server stops reading when we stop reading its echo
              }
            });
    // the server has echoed something, so it is busy with this client when the reset comes
    Receive first = Receive.read(ctx, victim, 1, false);
    if (first.length() == 0) {
      throw new CaseFailure(Messages.get("echo.victim_no_echo", first.how()));
    }
    victim.setSoLinger(true, 0); // close now sends RST, as when a client process is killed
    victim.close();
    flood.cancel(true);
    ctx.doing(Messages.get("echo.doing_after_kill"));
    String line = "still there? " + word(ctx, "survivor") + "\n";
    try {
      echoOnce(ctx, ctx.connect(), line.getBytes(StandardCharsets.US_ASCII), "after the reset");
    } catch (IOException | CaseFailure e) {
      diedAfterReset(ctx); // the likely reason; otherwise the echo's own failure
      throw e;
    }
    diedAfterReset(ctx);
    return Messages.get("echo.killed_ok");
  }

  /** Fails the case when the server exits within {@link #SURVIVAL_WATCH}. */
  private static void diedAfterReset(CaseContext ctx) throws Exception {
    Optional<Integer> exited = ctx.awaitServerExit(SURVIVAL_WATCH);
    if (exited.isPresent()) {
      throw new CaseFailure(Messages.get("echo.killed_server_died", exited.get()));
    }
  }

  /** Sends {@code sent} on {@code s} and expects exactly it back. */
  private String echoOnce(CaseContext ctx, Socket s, byte[] sent, String what) throws Exception {
    s.getOutputStream().write(sent);
    ctx.doing(Messages.get("echo.doing_echo", sent.length, what));
    Receive r = Receive.read(ctx, s, sent.length, false, sent);
    String diff = Bytes.firstDifference(sent, r.data(), r.length());
    if (diff != null) {
      throw new CaseFailure(
          Messages.get(
              "echo.once_failed", Bytes.preview(sent, 0, sent.length), sent.length, diff, r.how()));
    }
    return Messages.get("echo.once_ok", sent.length, what);
  }

  private static String word(CaseContext ctx, String purpose) {
    return WORDS[ctx.seed().pick(purpose, 0, WORDS.length - 1)]
        + "-"
        + ctx.seed().pick(purpose + "-n", 100, 999);
  }
}
