package org.dsas.metrics.listen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * One bound TCP listener on one Netty event loop thread: nothing it does blocks, so a client that stalls holds
 * only its own connection, which the {@link Guard} closes at its deadline. Subclasses add their protocol's handlers.
 */
public abstract class NettyListener implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel server;

    NettyListener(String name, InetSocketAddress at, Limits limits, Rejections rejections,
            Consumer<ChannelPipeline> protocol) throws IOException {
        ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
        group = new NioEventLoopGroup(1, new DefaultThreadFactory(name, true));
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 64)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("guard", new Guard(limits, rejections, open));
                        protocol.accept(ch.pipeline());
                    }
                });
        try {
            server = b.bind(at).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException(name + ": listen on " + at.getAddress().getHostAddress() + ":" + at.getPort() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The address and port actually bound. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
