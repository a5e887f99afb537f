package org.dsas.metrics.listen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * A listener that reads one request line and writes its answer, then closes (gmetad's interactive port): the line
 * must come, and the answer be read, within {@link Limits#timeoutMillis}; a line over {@link Limits#maxRequestBytes}
 * is {@link Rejections.Reason#OVERSIZED}; a line the handler refuses (empty answer) is
 * {@link Rejections.Reason#GARBAGE}; both are closed without an answer.
 */
public final class LineListener extends NettyListener {

    /**
     * @param answer the answer to one line (CR/LF stripped, read as ISO-8859-1), or empty when the line is not a
     *     request; runs on the event loop (must not block)
     */
    public LineListener(String name, InetSocketAddress at, Limits limits, Rejections rejections,
            Function<String, Optional<String>> answer, Charset charset) throws IOException {
        super(name, at, limits, rejections, p -> {
            Guard guard = (Guard) p.get("guard");
            p.addLast(new LineBasedFrameDecoder(limits.maxRequestBytes(), true, true));
            p.addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                private boolean answering;

                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
                    if (answering) {
                        return; // one request per connection, as gmetad
                    }
                    answering = true;
                    Optional<String> text = answer.apply(line.toString(StandardCharsets.ISO_8859_1));
                    if (text.isEmpty()) {
                        guard.reject(ctx, Rejections.Reason.GARBAGE);
                        return;
                    }
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(text.get().getBytes(charset))).addListener(f -> {
                        guard.finish();
                        ctx.channel().close();
                    });
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    if (cause instanceof TooLongFrameException) {
                        guard.reject(ctx, Rejections.Reason.OVERSIZED);
                    } else {
                        ctx.close();
                    }
                }
            });
        });
    }
}
