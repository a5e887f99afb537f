package org.dsas.metrics.listen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * First handler of every accepted connection: refuses a client address over its connection limit at once, and
 * closes a connection whose exchange is not finished {@link Limits#timeoutMillis} after connect (a client that
 * sends nothing, half a request, or does not read its answer). Each refusal is counted once, by its first reason.
 */
final class Guard extends ChannelInboundHandlerAdapter {

    private final Limits limits;
    private final Rejections rejections;
    private final ConcurrentHashMap<InetAddress, Integer> open;
    private InetAddress client;
    private ScheduledFuture<?> deadline;
    private boolean rejected;
    private boolean finished;

    Guard(Limits limits, Rejections rejections, ConcurrentHashMap<InetAddress, Integer> open) {
        this.limits = limits;
        this.rejections = rejections;
        this.open = open;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        int n = open.merge(client, 1, Integer::sum);
        if (n > limits.perClient()) {
            reject(ctx, Rejections.Reason.TOO_MANY_CONNECTIONS);
            return;
        }
        deadline = ctx.executor().schedule(() -> {
            if (!finished) {
                reject(ctx, Rejections.Reason.SLOW);
            }
        }, limits.timeoutMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (rejected || finished) {
            ReferenceCountUtil.release(msg); // nothing after the answer or a refusal is read
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (client != null) {
            open.computeIfPresent(client, (k, v) -> v <= 1 ? null : v - 1);
            client = null;
        }
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // reset by peer and the like: the client went away
    }

    /** Counts the refusal (the first one of this connection only) and closes. */
    void reject(ChannelHandlerContext ctx, Rejections.Reason reason) {
        if (!rejected && !finished) {
            rejected = true;
            rejections.count(reason);
        }
        cancel();
        ctx.channel().close();
    }

    /** Counts the refusal now; the caller writes its answer and then calls {@link #finish}. */
    void rejecting(Rejections.Reason reason) {
        if (!rejected && !finished) {
            rejected = true;
            rejections.count(reason);
        }
    }

    /** The answer is written: the deadline no longer applies. */
    void finish() {
        finished = true;
        cancel();
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
