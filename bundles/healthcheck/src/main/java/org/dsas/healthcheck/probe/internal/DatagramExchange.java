package org.dsas.healthcheck.probe.internal;

import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.function.Predicate;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;

import org.dsas.healthcheck.probe.ProbeTarget;

/**
 * A datagram sent from a connected UDP socket (so the kernel reports an ICMP port unreachable as
 * PortUnreachableException on it), and the replies handed to a judge until it returns true.
 */
final class DatagramExchange {

    private DatagramExchange() {
    }

    /**
     * @param onReply returns true when the reply ended the attempt, false to wait for another
     */
    static void run(Attempt attempt, ProbeTarget target, byte[] payload, Predicate<DatagramPacket> onReply) {
        String where = Connector.describe(target);
        InetSocketAddress remote = new InetSocketAddress(target.address(), target.port());
        Bootstrap b = new Bootstrap().group(attempt.loop).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                        onReply.test(msg);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        if (cause instanceof PortUnreachableException) {
                            attempt.fail("ICMP port unreachable from " + where);
                        } else {
                            attempt.fail("UDP exchange with " + where + ": " + Attempt.oneLine(cause));
                        }
                    }
                });
        try {
            ChannelFuture f = target.bindAddress() != null || target.bindPort() != 0
                    ? b.connect(remote, target.bindAddress() == null ? new InetSocketAddress(target.bindPort())
                            : new InetSocketAddress(target.bindAddress(), target.bindPort()))
                    : b.connect(remote);
            attempt.channel(f.channel());
            f.addListener(c -> {
                if (!c.isSuccess()) {
                    attempt.fail("UDP socket to " + where + ": " + Attempt.oneLine(c.cause()));
                    return;
                }
                attempt.phase("waiting for a reply from " + where);
                f.channel().writeAndFlush(Unpooled.wrappedBuffer(payload)).addListener(w -> {
                    if (!w.isSuccess()) {
                        attempt.fail(w.cause() instanceof PortUnreachableException
                                ? "ICMP port unreachable from " + where
                                : "send to " + where + ": " + Attempt.oneLine(w.cause()));
                    }
                });
            });
        } catch (RuntimeException e) {
            attempt.fail("UDP socket to " + where + ": " + Attempt.oneLine(e));
        }
    }
}
