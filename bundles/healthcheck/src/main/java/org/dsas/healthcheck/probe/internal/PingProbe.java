package org.dsas.healthcheck.probe.internal;

import java.io.IOException;
import java.net.NetworkInterface;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.healthcheck.probe.ProbeTarget;

/**
 * PING_CHECK: one ICMP echo through {@link java.net.InetAddress#isReachable(NetworkInterface, int, int)}
 * on a worker thread (never an event loop). As root the JDK sends a real ICMP echo request (IPv4 and
 * IPv6) and waits for the reply; without CAP_NET_RAW the JDK falls back to a TCP connection to port 7
 * (the appliance runs as root). The kernel seam's raw sockets were not used: they
 * need an interface name (SO_BINDTODEVICE) the probe does not know and block on receive. Limit: one
 * worker is busy per ping in flight, up to the connect timeout; the pool is bounded by the caller.
 */
final class PingProbe implements Probe {

    private final ProbeTarget target;
    private final ProbeContext context;
    private final ExecutorService workers;

    PingProbe(ProbeTarget target, ProbeContext context, ExecutorService workers) {
        this.target = target;
        this.context = context;
        this.workers = workers;
    }

    @Override
    public String type() {
        return "PING_CHECK";
    }

    @Override
    public CompletableFuture<ProbeResult> attempt() {
        Attempt a = new Attempt(context.loops().next(), target.connectTimeout());
        String where = AddressText.of(target.address());
        a.phase("waiting for an ICMP echo reply from " + where);
        try {
            workers.execute(() -> {
                try {
                    NetworkInterface via = target.bindAddress() == null ? null
                            : NetworkInterface.getByInetAddress(target.bindAddress());
                    if (target.address().isReachable(via, 0, (int) Math.max(1, a.remainingMillis()))) {
                        a.pass("ICMP echo reply from " + where);
                    } else {
                        a.fail("no ICMP echo reply from " + where + " within " + a.timeoutMillis() + " ms");
                    }
                } catch (IOException | RuntimeException e) {
                    a.fail("ICMP echo to " + where + ": " + Attempt.oneLine(e));
                }
            });
        } catch (RejectedExecutionException e) {
            a.fail("ICMP echo to " + where + ": no worker (stopping)");
        }
        return a.result;
    }
}
