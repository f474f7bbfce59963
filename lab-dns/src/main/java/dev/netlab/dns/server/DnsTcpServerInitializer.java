package dev.netlab.dns.server;

import dev.netlab.common.cli.LabRun;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The pipeline of one DNS-over-TCP connection. */
public final class DnsTcpServerInitializer extends ChannelInitializer<SocketChannel> {
  /** Bytes of DNS over TCP's length prefix (RFC 1035 section 4.2.2). */
  public static final int LENGTH_PREFIX = 2;

  private final LabRun run;
  private final ConnectionLimiter limiter;
  private final Duration idleTimeout;
  private final Responder responder;
  private final QueryLog queryLog;
  private final TransferAcl transfers;

  public DnsTcpServerInitializer(
      LabRun run,
      ConnectionLimiter limiter,
      Duration idleTimeout,
      Responder responder,
      QueryLog queryLog,
      TransferAcl transfers) {
    this.run = run;
    this.limiter = limiter;
    this.idleTimeout = idleTimeout;
    this.responder = responder;
    this.queryLog = queryLog;
    this.transfers = transfers;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    // --pcap: the bytes this connection reads and writes
    run.addPcap(p);
    // bound: too many open connections closes this one at once
    p.addLast("limit", limiter);
    // idle: a client silent this long (or stalled inside a message) is closed
    p.addLast("idle", new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
    // framing: a 2-byte length before each message, both ways
    p.addLast(
        "frames",
        new LengthFieldBasedFrameDecoder(
            Responder.MAX_TCP_SIZE, 0, LENGTH_PREFIX, 0, LENGTH_PREFIX));
    p.addLast("prefix", new LengthFieldPrepender(LENGTH_PREFIX));
    // logic: answer each message
    p.addLast("dns", new DnsTcpServerHandler(responder, queryLog, transfers));
  }
}
