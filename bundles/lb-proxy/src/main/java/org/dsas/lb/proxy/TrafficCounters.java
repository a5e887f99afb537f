package org.dsas.lb.proxy;

import java.util.concurrent.atomic.LongAdder;

import org.dsas.lb.api.Counters;

/**
 * Connection, packet and byte totals of one service or real server, and their per-second rates. "In" is
 * client to real server, "out" the way back, as ipvsadm counts. A packet is one read from a socket (a TCP
 * read may hold many segments, a UDP read is one datagram). Rates are the increase over the last two seconds
 * of one-second samples ({@link #sample}), as IPVS's estimator reports a 2 s average.
 */
final class TrafficCounters {

    private final LongAdder connections = new LongAdder();
    private final LongAdder inPackets = new LongAdder();
    private final LongAdder outPackets = new LongAdder();
    private final LongAdder inBytes = new LongAdder();
    private final LongAdder outBytes = new LongAdder();
    /** Samples at t-2 s, t-1 s (index 0, 1) with their times. */
    private final long[][] samples = new long[2][];
    private final long[] sampleNanos = new long[2];
    private volatile long[] rates = new long[5];

    void connection() {
        connections.increment();
    }

    void in(long bytes) {
        inPackets.increment();
        inBytes.add(bytes);
    }

    void out(long bytes) {
        outPackets.increment();
        outBytes.add(bytes);
    }

    private long[] totals() {
        return new long[] {connections.sum(), inPackets.sum(), outPackets.sum(), inBytes.sum(), outBytes.sum()};
    }

    /** Takes a sample; called once a second. */
    synchronized void sample(long nanos) {
        long[] now = totals();
        long[] oldest = samples[0] != null ? samples[0] : samples[1];
        long oldestNanos = samples[0] != null ? sampleNanos[0] : sampleNanos[1];
        if (oldest != null && nanos > oldestNanos) {
            long[] r = new long[5];
            for (int i = 0; i < 5; i++) {
                r[i] = Math.max(0, (now[i] - oldest[i]) * 1_000_000_000L / (nanos - oldestNanos));
            }
            rates = r;
        }
        samples[0] = samples[1];
        sampleNanos[0] = sampleNanos[1];
        samples[1] = now;
        sampleNanos[1] = nanos;
    }

    Counters snapshot() {
        long[] t = totals();
        long[] r = rates;
        return new Counters(t[0], t[1], t[2], t[3], t[4], r[0], r[1], r[2], r[3], r[4]);
    }

    synchronized void zero() {
        connections.reset();
        inPackets.reset();
        outPackets.reset();
        inBytes.reset();
        outBytes.reset();
        samples[0] = null;
        samples[1] = null;
        rates = new long[5];
    }
}
