package org.dsas.metrics.listen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.util.function.Supplier;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A listener that writes one document to whoever connects and closes (gmond's XML port): what the client sends is
 * ignored, the document must be read within {@link Limits#timeoutMillis} ({@link Rejections.Reason#SLOW} otherwise),
 * and at most {@link Limits#perClient} connections per client address are open.
 */
public final class PushListener extends NettyListener {

    /** @param document rendered on the event loop for each client (must not block) */
    public PushListener(String name, InetSocketAddress at, Limits limits, Rejections rejections,
            Supplier<String> document, Charset charset) throws IOException {
        super(name, at, limits, rejections, p -> {
            Guard guard = (Guard) p.get("guard");
            p.addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    byte[] bytes = document.get().getBytes(charset);
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(f -> {
                        guard.finish();
                        ctx.channel().close();
                    });
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                }
            });
        });
    }
}
