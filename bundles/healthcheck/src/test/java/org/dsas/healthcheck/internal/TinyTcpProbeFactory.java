package org.dsas.healthcheck.internal;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeFactory;
import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.healthcheck.probe.ProbeTarget;
import org.dsas.keepalived.conf.ConfNode;

/** A minimal TCP_CHECK for the engine's end-to-end test: connect within the timeout, close, pass. */
final class TinyTcpProbeFactory implements ProbeFactory {

    @Override
    public Set<String> types() {
        return Set.of("TCP_CHECK");
    }

    @Override
    public Set<String> keywords(String type) {
        return Set.of();
    }

    @Override
    public Probe create(ConfNode block, ProbeTarget target, ProbeContext context) {
        return new Probe() {
            @Override
            public String type() {
                return "TCP_CHECK";
            }

            @Override
            public CompletableFuture<ProbeResult> attempt() {
                long start = System.nanoTime();
                CompletableFuture<ProbeResult> result = new CompletableFuture<>();
                ChannelFuture f = new Bootstrap().group(context.loops()).channel(NioSocketChannel.class)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) target.connectTimeout().toMillis())
                        .handler(new ChannelInboundHandlerAdapter())
                        .connect(new InetSocketAddress(target.address(), target.port()));
                f.addListener(done -> {
                    long took = System.nanoTime() - start;
                    if (done.isSuccess()) {
                        f.channel().close();
                        result.complete(ProbeResult.pass("connected", took));
                    } else {
                        result.complete(ProbeResult.fail("connect: " + done.cause().getMessage(), took));
                    }
                });
                return result;
            }
        };
    }
}
