package org.dsas.healthcheck.probe.internal;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBufUtil;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.healthcheck.probe.ProbeTarget;

/**
 * UDP_CHECK: sends the payload from a connected socket. Without require_reply the attempt passes
 * when no ICMP port unreachable came back within the connect timeout (so a passing attempt takes the
 * whole timeout, as in keepalived) or any reply came; with require_reply a reply must start with
 * those bytes and be min_reply_length..max_reply_length long.
 */
final class UdpProbe implements Probe {

    private final byte[] payload;
    private final byte[] requireReply;
    private final int minReplyLength;
    private final int maxReplyLength;
    private final ProbeTarget target;
    private final ProbeContext context;

    UdpProbe(byte[] payload, byte[] requireReply, int minReplyLength, int maxReplyLength, ProbeTarget target,
            ProbeContext context) {
        this.payload = payload.clone();
        this.requireReply = requireReply == null ? null : requireReply.clone();
        this.minReplyLength = minReplyLength;
        this.maxReplyLength = maxReplyLength;
        this.target = target;
        this.context = context;
    }

    @Override
    public String type() {
        return "UDP_CHECK";
    }

    @Override
    public CompletableFuture<ProbeResult> attempt() {
        String where = Connector.describe(target);
        Attempt a = new Attempt(context.loops().next(), target.connectTimeout());
        if (requireReply == null) {
            // silence passes: decide just before the deadline, which would report a failure
            long quiet = Math.max(1, a.timeoutMillis() - Math.min(20, a.timeoutMillis() / 10));
            a.loop.schedule(() -> a.pass("no ICMP port unreachable from " + where + " within " + quiet + " ms"), quiet,
                    TimeUnit.MILLISECONDS);
        }
        DatagramExchange.run(a, target, payload, packet -> {
            byte[] reply = ByteBufUtil.getBytes(packet.content());
            if (requireReply == null) {
                a.pass("reply of " + reply.length + " bytes from " + where);
            } else if (reply.length < minReplyLength || reply.length > maxReplyLength) {
                a.fail("reply of " + reply.length + " bytes from " + where + " (expected " + minReplyLength + ".."
                        + maxReplyLength + ")");
            } else if (reply.length < requireReply.length
                    || !Arrays.equals(reply, 0, requireReply.length, requireReply, 0, requireReply.length)) {
                a.fail("reply from " + where + " does not match require_reply: "
                        + HexFormat.of().formatHex(reply, 0, Math.min(reply.length, 32)));
            } else {
                a.pass("reply of " + reply.length + " bytes from " + where + " matches require_reply");
            }
            return true;
        });
        return a.result;
    }
}
