package org.dsas.itests.kernel.check;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The benchmark's real servers: one listener per port on 0.0.0.0, so every address of the host (or
 * guest) answers on it. Non-forking on purpose: busybox httpd and socat fork a process per connection,
 * which at 10,000 checks a second would measure fork(), not the checkers. A connection gets
 * "HTTP/1.0 200 OK" with a short body once the request's blank line arrives, then is closed; a TCP
 * check's connect-and-close costs one accept.
 */
final class BenchTargets implements AutoCloseable {

    private static final byte[] RESPONSE = ("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
            + "Connection: close\r\n\r\nok\n").getBytes(StandardCharsets.US_ASCII);

    private final NioEventLoopGroup loops = new NioEventLoopGroup(2, new DefaultThreadFactory("bench-target", true));
    private final List<Channel> listeners;
    private final AtomicLong accepted = new AtomicLong();

    BenchTargets(List<Integer> ports) {
        ServerBootstrap b = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096).option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.incrementAndGet();
                        ch.pipeline().addLast(new Responder());
                    }
                });
        listeners = ports.stream().map(p -> b.bind(p).syncUninterruptibly().channel()).toList();
    }

    /** Connections accepted so far: checks made, whoever made them. */
    long accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        listeners.forEach(Channel::close);
        loops.shutdownGracefully().awaitUninterruptibly();
    }

    /** Answers after the end of the request head ("\r\n\r\n"), whatever the request says. */
    private static final class Responder extends ChannelInboundHandlerAdapter {
        private int matched;
        private boolean answered;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                while (in.isReadable() && !answered) {
                    byte c = in.readByte();
                    matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                            ? matched + 1 : c == '\r' ? 1 : 0;
                    if (matched == 4) {
                        answered = true;
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(RESPONSE)).addListener(ChannelFutureListener.CLOSE);
                    }
                }
            } finally {
                ReferenceCountUtil.release(in);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
