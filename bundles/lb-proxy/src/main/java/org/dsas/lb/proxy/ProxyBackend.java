package org.dsas.lb.proxy;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.proxy.scheduler.Candidate;

/**
 * One real server of a proxied service: its settings, live connection counts (active = open TCP connections,
 * inactive = UDP sessions), the overload flag its thresholds drive, and its counters. A server deleted from the
 * service lives on in the connections that still use it until they end.
 */
final class ProxyBackend implements Candidate {

    private volatile RealServer server;
    final InetSocketAddress address;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger inactive = new AtomicInteger();
    /** Persistence templates pointing here (maintained by the service under its lock). */
    int persistent;
    private volatile boolean overloaded;
    final TrafficCounters counters = new TrafficCounters();

    ProxyBackend(RealServer server, int servicePort) {
        this.server = server;
        Endpoint e = server.endpoint();
        // Port 0 means the service's port, as with IPVS masquerading.
        this.address = new InetSocketAddress(e.address(), e.port() == 0 ? servicePort : e.port());
    }

    RealServer server() {
        return server;
    }

    void server(RealServer updated) {
        server = updated;
        recheck();
    }

    @Override
    public Endpoint endpoint() {
        return server.endpoint();
    }

    @Override
    public int weight() {
        return server.weight();
    }

    @Override
    public int activeConnections() {
        return active.get();
    }

    @Override
    public int inactiveConnections() {
        return inactive.get();
    }

    @Override
    public boolean overloaded() {
        return overloaded;
    }

    /** A connection (TCP) or session (UDP) is bound to this server. */
    void bind(boolean udp) {
        (udp ? inactive : active).incrementAndGet();
        counters.connection();
        int upper = server.upperThreshold();
        if (upper > 0 && total() >= upper) {
            overloaded = true;
        }
    }

    void unbind(boolean udp) {
        (udp ? inactive : active).decrementAndGet();
        recheck();
    }

    /** ip_vs_unbind_dest: below the lower threshold (or 3/4 of the upper one when there is none) clears it. */
    private void recheck() {
        RealServer s = server;
        int total = total();
        if (s.upperThreshold() > 0 && total >= s.upperThreshold()) {
            overloaded = true;
        } else if (s.lowerThreshold() > 0) {
            if (total < s.lowerThreshold()) {
                overloaded = false;
            }
        } else if (s.upperThreshold() > 0) {
            if (total * 4 < s.upperThreshold() * 3) {
                overloaded = false;
            }
        } else {
            overloaded = false;
        }
    }

    private int total() {
        return active.get() + inactive.get();
    }

    ServerState state() {
        return new ServerState(server, active.get(), inactive.get(), persistent, counters.snapshot());
    }

    @Override
    public String toString() {
        return server.endpoint().toString();
    }
}
