package org.dsas.metrics.listen;

/**
 * What one client of a listener gets: {@code timeoutMillis} for its whole exchange (request received and answer
 * written, from connect), at most {@code perClient} open connections from its address, and at most
 * {@code maxRequestBytes} of request (line, headers and body each).
 */
public record Limits(int timeoutMillis, int perClient, int maxRequestBytes) {

    public Limits {
        if (timeoutMillis < 1 || perClient < 1 || maxRequestBytes < 64) {
            throw new IllegalArgumentException("listener limits out of range: timeout " + timeoutMillis
                    + " ms, " + perClient + " per client, " + maxRequestBytes + " bytes");
        }
    }
}
