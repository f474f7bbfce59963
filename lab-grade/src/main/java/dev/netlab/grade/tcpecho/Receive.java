package dev.netlab.grade.tcpecho;

import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.CaseContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * What came back on a connection: reads until a count of bytes, end of stream, a reset, or the
 * check's own deadline, which falls {@link #MARGIN} before the case's so a check can say what it
 * saw instead of merely timing out.
 *
 * @param data the bytes read (the array may be longer than {@code length})
 * @param ending why reading stopped
 */
record Receive(byte[] data, int length, Ending ending) {
  /** The check stops waiting this long before the case's timeout, to write its message. */
  static final Duration MARGIN = Duration.ofMillis(500);

  enum Ending {
    /** As many bytes as asked for. */
    COMPLETE,
    /** The server closed its side (FIN) first. */
    EOF,
    /** Nothing more came before the check's deadline. */
    SILENT,
    /** The server reset the connection. */
    RESET
  }

  /**
   * Reads {@code want} bytes; with {@code untilEof}, goes on to the end of the stream, stopping at
   * one byte more than {@code want} (COMPLETE then means "more than expected came").
   */
  static Receive read(CaseContext ctx, Socket s, int want, boolean untilEof) throws IOException {
    return read(ctx, s, want, untilEof, null);
  }

  /**
   * As {@link #read(CaseContext, Socket, int, boolean)}, but stops early, a few bytes after the
   * first one that differs from {@code expected}: a wrong echo fails at once instead of waiting out
   * the case for bytes that will never come.
   */
  static Receive read(CaseContext ctx, Socket s, int want, boolean untilEof, byte[] expected)
      throws IOException {
    int mismatch = -1;
    byte[] buf = new byte[untilEof ? want + 1 : want];
    int n = 0;
    long deadline = System.nanoTime() + ctx.remaining().minus(MARGIN).toNanos();
    InputStream in = s.getInputStream();
    while (n < buf.length) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return new Receive(buf, n, Ending.SILENT);
      }
      s.setSoTimeout((int) Math.max(1, left / 1_000_000));
      int r;
      try {
        r = in.read(buf, n, buf.length - n);
      } catch (SocketTimeoutException e) {
        return new Receive(buf, n, Ending.SILENT);
      } catch (SocketException e) {
        if (s.isClosed()) {
          throw e; // the case's time ran out and the grader closed it
        }
        return new Receive(buf, n, Ending.RESET);
      }
      if (r < 0) {
        return new Receive(buf, n, Ending.EOF);
      }
      if (expected != null && mismatch < 0) {
        for (int i = n; i < n + r && i < expected.length; i++) {
          if (buf[i] != expected[i]) {
            mismatch = i;
            break;
          }
        }
      }
      n += r;
      if (mismatch >= 0 && n >= Math.min(buf.length, mismatch + Bytes.AROUND)) {
        return new Receive(buf, n, Ending.COMPLETE);
      }
    }
    return new Receive(buf, n, Ending.COMPLETE);
  }

  /** A sentence for how reading ended, after "got N bytes": "then nothing for 2.5 s", ... */
  String how() {
    return switch (ending) {
      case COMPLETE -> "";
      case EOF -> Messages.get("echo.ended_eof");
      case SILENT -> Messages.get("echo.ended_silent");
      case RESET -> Messages.get("echo.ended_reset");
    };
  }
}
