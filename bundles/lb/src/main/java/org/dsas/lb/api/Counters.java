package org.dsas.lb.api;

/**
 * Traffic counters (totals since creation or the last zero) and rates (per
 * second, as the kernel's estimator computes them) of a service or real
 * server. A dataplane that cannot count something reports 0.
 */
public record Counters(long connections, long inPackets, long outPackets, long inBytes, long outBytes,
        long connectionsPerSecond, long inPacketsPerSecond, long outPacketsPerSecond, long inBytesPerSecond,
        long outBytesPerSecond) {

    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
