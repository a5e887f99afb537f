package org.dsas.lb.proxy;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;

/**
 * A client connection accepted on a TCP service: places it on a real server, connects there (on the same
 * event loop, so both sides share one thread), then hands both channels to {@link TcpRelay}. The client is
 * not read until the real server answered; if no server may take it or the connect fails, the client is
 * closed. Stateless, so one instance serves every connection of the service. The connection counts against the server from placing until the client side closes.
 */
@ChannelHandler.Sharable
final class TcpFrontend extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TcpFrontend.class);

    private final ProxyService service;
    private final ProxyTransport transport;
    private final int connectTimeoutMillis;

    TcpFrontend(ProxyService service, ProxyTransport transport, int connectTimeoutMillis) {
        this.service = service;
        this.transport = transport;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel client = ctx.channel();
        InetSocketAddress from = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) client.localAddress();
        ProxyBackend backend = service.pick(from, local.getAddress(), System.nanoTime());
        if (backend == null) {
            LOG.debug("lb proxy[{}]: no real server available for {}, closing", service.name(), from);
            client.close();
            return;
        }
        client.closeFuture().addListener(f -> service.release(backend, from, System.nanoTime()));
        Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(transport.socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInboundHandlerAdapter());
        ChannelFuture connect = b.connect(backend.address);
        Channel server = connect.channel();
        // Client gone before the real server answered: give up the attempt too.
        client.closeFuture().addListener(f -> server.close());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                LOG.debug("lb proxy[{}]: connect to real server {} for {} failed: {}", service.name(), backend,
                        from, f.cause().getMessage());
                client.close();
                return;
            }
            server.pipeline().addLast(new TcpRelay(client, service.counters, backend.counters, false));
            client.pipeline().addLast(new TcpRelay(server, service.counters, backend.counters, true));
            client.pipeline().remove(this);
            server.config().setAutoRead(true);
            client.config().setAutoRead(true);
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
