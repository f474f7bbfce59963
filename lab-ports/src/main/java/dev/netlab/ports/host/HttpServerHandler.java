package dev.netlab.ports.host;

import dev.netlab.common.base.FatalErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny HTTP/1.1 server (RFC 9112) behind a line decoder: reads the request line and the header
 * lines up to the empty line, answers {@code GET /} (and {@code HEAD /}) with the {@link HttpPage},
 * anything else with its status (400, 404, 405, 431), and closes ({@code Connection: close}). A
 * request line or header too long for the decoder is answered 400: malformed input never stops the
 * server.
 */
final class HttpServerHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(HttpServerHandler.class);

  /** Longest request or header line read, in bytes, like a web server's header buffer. */
  static final int MAX_LINE = 8192;

  /** Header lines read at most; more is answered 431. */
  static final int MAX_HEADERS = 100;

  private final HttpPage page;
  private String requestLine;
  private int headers;
  private boolean answered;

  HttpServerHandler(HttpPage page) {
    this.page = page;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
    if (answered) {
      return;
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    if (requestLine == null) {
      if (!text.isEmpty()) { // RFC 9112 2.2: ignore empty lines before the request line
        requestLine = text;
      }
    } else if (text.isEmpty()) {
      answer(ctx);
    } else if (++headers > MAX_HEADERS) {
      respond(ctx, 431, "Request Header Fields Too Large", false);
    }
  }

  private void answer(ChannelHandlerContext ctx) {
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      respond(ctx, 400, "Bad Request", false);
      return;
    }
    String method = parts[0];
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      respond(ctx, 405, "Method Not Allowed", false);
      return;
    }
    String path = parts[1];
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (!path.equals("/") && !path.equals("/index.html")) {
      respond(ctx, 404, "Not Found", head);
      return;
    }
    String body =
        page.render(
            (InetSocketAddress) ctx.channel().remoteAddress(),
            (InetSocketAddress) ctx.channel().localAddress(),
            requestLine);
    send(ctx, 200, "OK", "text/html; charset=utf-8", body, head);
  }

  private void respond(ChannelHandlerContext ctx, int status, String reason, boolean head) {
    send(ctx, status, reason, "text/plain; charset=utf-8", status + " " + reason + "\n", head);
  }

  private void send(
      ChannelHandlerContext ctx,
      int status,
      String reason,
      String type,
      String body,
      boolean head) {
    answered = true;
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder();
    h.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
    h.append("Content-Type: ").append(type).append("\r\n");
    h.append("Content-Length: ").append(content.length).append("\r\n");
    if (status == 405) {
      h.append("Allow: GET, HEAD\r\n");
    }
    h.append("Connection: close\r\n");
    h.append("Server: netlab-ports\r\n\r\n");
    ByteBuf out = Unpooled.copiedBuffer(h, StandardCharsets.ISO_8859_1);
    if (!head) {
      out = Unpooled.wrappedBuffer(out, Unpooled.wrappedBuffer(content));
    }
    log.debug(
        "{} {} -> {}",
        ctx.channel().remoteAddress(),
        requestLine == null ? "" : requestLine.toLowerCase(Locale.ROOT),
        status);
    ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * A line too long for the decoder is a bad request: answer 400 and close. A broken connection is
   * that client's problem: log it and close. Either way the server keeps serving others.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    if (cause instanceof DecoderException && !answered && ctx.channel().isActive()) {
      log.info("bad request from {}: {}", ctx.channel().remoteAddress(), cause.toString());
      respond(ctx, 400, "Bad Request", false);
      return;
    }
    log.info("closing {} after error: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
