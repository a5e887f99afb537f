package org.dsas.healthcheck.probe.internal;

import java.net.InetSocketAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import org.dsas.healthcheck.probe.ProbeTarget;

/**
 * Opens the TCP connection of an attempt on the attempt's event loop, from bind_to/bind_port when
 * set, with Netty's own connect timeout as a second bound. The engine's loops must be NIO loops.
 */
final class Connector {

    private Connector() {
    }

    static ChannelFuture connect(Attempt attempt, ProbeTarget target, ChannelInitializer<SocketChannel> init) {
        Bootstrap b = new Bootstrap().group(attempt.loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, attempt.remainingMillis()))
                .option(ChannelOption.SO_LINGER, 0) // a checker's socket need not linger in TIME_WAIT
                .handler(init);
        InetSocketAddress remote = new InetSocketAddress(target.address(), target.port());
        ChannelFuture f = target.bindAddress() != null || target.bindPort() != 0
                ? b.connect(remote, target.bindAddress() == null ? new InetSocketAddress(target.bindPort())
                        : new InetSocketAddress(target.bindAddress(), target.bindPort()))
                : b.connect(remote);
        attempt.channel(f.channel());
        return f;
    }

    static String describe(ProbeTarget target) {
        return AddressText.of(target.address(), target.port());
    }
}
