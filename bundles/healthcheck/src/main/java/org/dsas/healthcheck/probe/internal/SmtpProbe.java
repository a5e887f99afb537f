package org.dsas.healthcheck.probe.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.buffer.ByteBuf;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.healthcheck.probe.ProbeTarget;

/**
 * SMTP_CHECK: reads the 220 greeting, sends "HELO helo_name", expects 250, sends QUIT. Multi-line
 * replies ("250-...") are read to their last line. Any other code, or a close, fails the attempt.
 */
final class SmtpProbe implements Probe {

    private final String heloName;
    private final ProbeTarget target;
    private final ProbeContext context;

    SmtpProbe(String heloName, ProbeTarget target, ProbeContext context) {
        this.heloName = heloName;
        this.target = target;
        this.context = context;
    }

    @Override
    public String type() {
        return "SMTP_CHECK";
    }

    @Override
    public CompletableFuture<ProbeResult> attempt() {
        Attempt a = new Attempt(context.loops().next(), target.connectTimeout());
        String where = Connector.describe(target);
        a.phase("connecting to " + where);
        try {
            Connector.connect(a, target, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new LineBasedFrameDecoder(4096), new Dialogue(a, where));
                }
            }).addListener(f -> {
                if (!f.isSuccess()) {
                    a.fail("connect to " + where + ": " + Attempt.oneLine(f.cause()));
                } else {
                    a.phase("waiting for the SMTP greeting");
                }
            });
        } catch (RuntimeException e) {
            a.fail("connect to " + where + ": " + Attempt.oneLine(e));
        }
        return a.result;
    }

    private final class Dialogue extends SimpleChannelInboundHandler<ByteBuf> {

        private final Attempt attempt;
        private final String where;
        private boolean heloSent;

        Dialogue(Attempt attempt, String where) {
            this.attempt = attempt;
            this.where = where;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            String line = msg.toString(StandardCharsets.ISO_8859_1).strip();
            if (line.length() >= 4 && line.charAt(3) == '-') {
                return; // a continuation line: the code counts on the last one
            }
            String code = line.length() >= 3 ? line.substring(0, 3) : line;
            if (!heloSent) {
                if (!code.equals("220")) {
                    attempt.fail("SMTP greeting from " + where + " is not 220: " + clip(line));
                    return;
                }
                heloSent = true;
                attempt.phase("waiting for the reply to HELO");
                ctx.writeAndFlush(Unpooled.copiedBuffer("HELO " + heloName + "\r\n", StandardCharsets.US_ASCII));
                return;
            }
            if (!code.equals("250")) {
                attempt.fail("SMTP HELO to " + where + " answered " + clip(line));
                return;
            }
            ctx.writeAndFlush(Unpooled.copiedBuffer("QUIT\r\n", StandardCharsets.US_ASCII));
            attempt.pass("SMTP " + clip(line));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            attempt.fail("SMTP server " + where + " closed the connection " + (heloSent ? "after HELO" : "before its greeting"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            attempt.fail("SMTP dialogue with " + where + ": " + Attempt.oneLine(cause));
        }
    }

    private static String clip(String line) {
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }
}
