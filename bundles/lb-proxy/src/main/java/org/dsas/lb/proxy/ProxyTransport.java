package org.dsas.lb.proxy;

import java.util.Map;
import java.util.concurrent.ThreadFactory;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty transport the proxy runs on: Java NIO (portable, in the dsas-lb feature) or native epoll when
 * its bundles (netty-transport-classes-epoll, netty-transport-native-epoll linux-x86_64) are installed. Epoll
 * listeners set IP_FREEBIND, so a service can listen on a virtual address before the box holds it (a VRRP
 * backup); with NIO such a bind fails with EADDRNOTAVAIL.
 */
record ProxyTransport(String name, Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel, Class<? extends DatagramChannel> datagramChannel,
        Map<ChannelOption<?>, Object> listenerOptions) {

    static final ProxyTransport NIO = new ProxyTransport("nio", NioServerSocketChannel.class,
            NioSocketChannel.class, NioDatagramChannel.class, Map.of());

    /** "nio", "epoll" or "auto" (epoll when available, else nio). */
    static ProxyTransport named(String name) {
        return switch (name) {
            case "nio" -> NIO;
            case "epoll" -> {
                ProxyTransport t = epoll();
                if (t == null) {
                    throw new IllegalArgumentException("transport epoll: not available (netty-transport-native-epoll"
                            + " linux-x86_64 missing or not loadable)");
                }
                yield t;
            }
            case "auto" -> {
                ProxyTransport t = epoll();
                yield t != null ? t : NIO;
            }
            default -> throw new IllegalArgumentException("unknown transport '" + name + "' (nio, epoll, auto)");
        };
    }

    /** The epoll transport, or null when its classes or native library are missing. */
    private static ProxyTransport epoll() {
        try {
            if (!Epoll.isAvailable()) {
                return null;
            }
            return new ProxyTransport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class,
                    EpollDatagramChannel.class, Map.of(EpollChannelOption.IP_FREEBIND, true));
        } catch (LinkageError e) {
            // the optional import is unwired: no epoll bundle installed
            return null;
        }
    }

    EventLoopGroup group(int threads, ThreadFactory factory) {
        return name.equals("epoll") ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }
}
