package org.dsas.healthcheck.probe.internal;

import java.util.concurrent.CompletableFuture;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.healthcheck.probe.ProbeTarget;

/** TCP_CHECK: the attempt passes when the TCP connection is established; it is closed at once. */
final class TcpProbe implements Probe {

    private final ProbeTarget target;
    private final ProbeContext context;

    TcpProbe(ProbeTarget target, ProbeContext context) {
        this.target = target;
        this.context = context;
    }

    @Override
    public String type() {
        return "TCP_CHECK";
    }

    @Override
    public CompletableFuture<ProbeResult> attempt() {
        Attempt a = new Attempt(context.loops().next(), target.connectTimeout());
        try {
            Connector.connect(a, target, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                }
            }).addListener(f -> {
                if (f.isSuccess()) {
                    a.pass("connected to " + Connector.describe(target));
                } else {
                    a.fail("connect to " + Connector.describe(target) + ": " + Attempt.oneLine(f.cause()));
                }
            });
        } catch (RuntimeException e) {
            a.fail("connect to " + Connector.describe(target) + ": " + Attempt.oneLine(e));
        }
        return a.result;
    }
}
