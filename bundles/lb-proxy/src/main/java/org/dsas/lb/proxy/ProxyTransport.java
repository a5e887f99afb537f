package org.dsas.lb.proxy;

import java.util.concurrent.ThreadFactory;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The Netty transport the proxy runs on: Java NIO (portable, part of the dsas-lb feature). */
record ProxyTransport(String name, Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel, Class<? extends DatagramChannel> datagramChannel) {

    static final ProxyTransport NIO = new ProxyTransport("nio", NioServerSocketChannel.class,
            NioSocketChannel.class, NioDatagramChannel.class);

    EventLoopGroup group(int threads, ThreadFactory factory) {
        return new NioEventLoopGroup(threads, factory);
    }
}
