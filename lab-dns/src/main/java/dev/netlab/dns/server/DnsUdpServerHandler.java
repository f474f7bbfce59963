package dev.netlab.dns.server;

import dev.netlab.common.base.FatalErrors;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.WireParseException;

/**
 * DNS over UDP: one datagram in, at most one datagram back to its sender. A question asked before
 * is answered from {@link AnswerCache} (the same bytes {@link Responder} would make, patched);
 * anything else goes to the responder. One per channel: it reuses one key and one batch of log
 * lines, so it is not {@code @Sharable}.
 */
public final class DnsUdpServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(DnsUdpServerHandler.class);

  private final Responder responder;
  private final AnswerCache cache;
  private final QueryLog queryLog;
  private final TransferAcl transfers;
  private final QuestionKey key = new QuestionKey();
  private final StringBuilder lines = new StringBuilder();

  public DnsUdpServerHandler(
      Responder responder, AnswerCache cache, QueryLog queryLog, TransferAcl transfers) {
    this.responder = responder;
    this.cache = cache;
    this.queryLog = queryLog;
    this.transfers = transfers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    long start = System.nanoTime();
    ByteBuf query = packet.content();
    AnswerCache.Generation g = cache.generation();
    boolean cacheable = key.read(query) && !AnswerCache.transfer(key.type());
    AnswerCache.Entry entry = cacheable ? AnswerCache.get(g, key) : null;
    if (entry == null) {
      boolean allowed = transfers.allows(packet.sender().getAddress());
      Reply reply = responder.respond(ByteBufUtil.getBytes(query), false, allowed, g.zones());
      entry = new AnswerCache.Entry(reply.wire(), reply, queryLog.metrics().queries(reply, "udp"));
      if (cacheable && AnswerCache.fits(entry, query, key)) {
        AnswerCache.put(g, key, entry);
      }
      if (reply.wire() != null) {
        send(ctx, ctx.alloc().ioBuffer(reply.wire().length).writeBytes(reply.wire()), packet);
      }
    } else {
      send(ctx, AnswerCache.answer(ctx.alloc(), entry, query, key), packet);
    }
    Counter queries = entry.counter();
    String name = queryLog.lines() ? askedName(query, entry.reply()) : null;
    queryLog.record(packet.sender(), entry.reply(), queries, name, start, lines);
  }

  /** Queues {@code answer} to the query's sender; channelReadComplete sends the batch. */
  private static void send(ChannelHandlerContext ctx, ByteBuf answer, DatagramPacket query) {
    // no promise: nobody waits for one datagram's send, and a failure reaches exceptionCaught
    ctx.write(new DatagramPacket(answer, query.sender()), ctx.voidPromise());
  }

  /** The question's name as the query spelled it, for the query log. */
  private static String askedName(ByteBuf query, Reply reply) {
    if (reply.name().equals("-")) {
      return reply.name();
    }
    try {
      byte[] bytes = ByteBufUtil.getBytes(query);
      DNSInput in = new DNSInput(bytes);
      in.jump(QuestionKey.QNAME);
      return new Name(in).toString();
    } catch (WireParseException | IllegalArgumentException e) {
      return reply.name();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    queryLog.flush(lines);
  }

  /** One sender's bad datagram must not stop the answers to the others: log, keep serving. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("datagram error (still serving): {}", cause.toString());
  }
}
