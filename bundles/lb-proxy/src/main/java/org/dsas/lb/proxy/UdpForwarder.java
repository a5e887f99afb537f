package org.dsas.lb.proxy;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The datagram side of a UDP service: one session per client address and port, each a datagram channel
 * connected to the real server the session was placed on. Replies from that server go back to the client
 * from the virtual address. A session ends after {@code idleSeconds} without a datagram either way (IPVS's
 * UDP timeout); it counts as an inactive connection of its server meanwhile. All sessions of a service live
 * on the listener's event loop, so the session map needs no lock.
 */
final class UdpForwarder extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(UdpForwarder.class);

    private final ProxyService service;
    private final ProxyTransport transport;
    private final int idleSeconds;
    private final Map<InetSocketAddress, Session> sessions = new HashMap<>();

    private record Session(ProxyBackend backend, ChannelFuture connect) {
    }

    UdpForwarder(ProxyService service, ProxyTransport transport, int idleSeconds) {
        this.service = service;
        this.transport = transport;
        this.idleSeconds = idleSeconds;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress client = packet.sender();
        Session session = sessions.get(client);
        if (session == null) {
            session = open(ctx.channel(), client, packet.recipient());
            if (session == null) {
                return;
            }
        }
        ByteBuf data = packet.content().retain();
        int n = data.readableBytes();
        service.counters.in(n);
        session.backend.counters.in(n);
        ChannelFuture connect = session.connect;
        if (connect.isDone()) {
            send(connect, data);
        } else {
            connect.addListener(f -> send(connect, data));
        }
    }

    private static void send(ChannelFuture connect, ByteBuf data) {
        if (connect.isSuccess()) {
            connect.channel().writeAndFlush(data, connect.channel().voidPromise());
        } else {
            data.release();
        }
    }

    private Session open(Channel listener, InetSocketAddress client, InetSocketAddress recipient) {
        ProxyBackend backend = service.pick(client, recipient == null ? null : recipient.getAddress(),
                System.nanoTime());
        if (backend == null) {
            LOG.debug("lb proxy[{}]: no real server available for {}, dropping", service.name(), client);
            return null;
        }
        Bootstrap b = new Bootstrap().group(listener.eventLoop()).channel(transport.datagramChannel())
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void handlerAdded(ChannelHandlerContext ctx) {
                        ctx.pipeline().addFirst(new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS));
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        DatagramPacket reply = (DatagramPacket) msg;
                        int n = reply.content().readableBytes();
                        service.counters.out(n);
                        backend.counters.out(n);
                        listener.writeAndFlush(new DatagramPacket(reply.content(), client), listener.voidPromise());
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof IdleStateEvent) {
                            ctx.close();
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // ICMP port unreachable from the real server and the like: the session stays until idle.
                        LOG.debug("lb proxy[{}]: session {} -> {}: {}", service.name(), client, backend,
                                cause.getMessage());
                    }
                });
        ChannelFuture connect = b.connect(backend.address);
        Session session = new Session(backend, connect);
        sessions.put(client, session);
        connect.channel().closeFuture().addListener(f -> {
            sessions.remove(client, session);
            service.release(backend, client, System.nanoTime());
        });
        return session;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Service deleted: its sessions go with the listener (datagrams have no connection to finish).
        for (Session s : Map.copyOf(sessions).values()) {
            s.connect.channel().close();
        }
        ctx.fireChannelInactive();
    }

    /** Sessions open now. */
    int sessions() {
        return sessions.size();
    }
}
