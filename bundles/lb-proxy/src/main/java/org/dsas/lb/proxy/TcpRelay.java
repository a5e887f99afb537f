package org.dsas.lb.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/**
 * Copies bytes from its channel to the peer channel. Backpressure: when the peer's outbound buffer is above
 * its high-water mark this side stops reading until the peer drains. A read-side EOF shuts the peer's output
 * (half-close passes through); once both directions have ended, or on any error, both sides close.
 */
final class TcpRelay extends ChannelInboundHandlerAdapter {

    private final Channel peer;
    private final TrafficCounters service;
    private final TrafficCounters server;
    /** True on the client side: what it reads goes in to the real server. */
    private final boolean inbound;

    TcpRelay(Channel peer, TrafficCounters service, TrafficCounters server, boolean inbound) {
        this.peer = peer;
        this.service = service;
        this.server = server;
        this.inbound = inbound;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        int n = ((ByteBuf) msg).readableBytes();
        if (inbound) {
            service.in(n);
            server.in(n);
        } else {
            service.out(n);
            server.out(n);
        }
        peer.write(msg, peer.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Our channel drained: the peer may read again.
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            Channel self = ctx.channel();
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                if (!f.isSuccess()) {
                    closeBoth(self);
                    return;
                }
                ((DuplexChannel) peer).shutdownOutput().addListener(s -> {
                    if (!s.isSuccess() || ((DuplexChannel) peer).isInputShutdown()) {
                        closeBoth(self);
                    }
                });
            });
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Deliver what is still queued, then close.
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeBoth(ctx.channel());
    }

    private void closeBoth(Channel self) {
        self.close();
        peer.close();
    }
}
