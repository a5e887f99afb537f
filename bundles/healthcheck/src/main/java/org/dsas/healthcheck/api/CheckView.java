package org.dsas.healthcheck.api;

import java.time.Instant;

/**
 * One running check as check:list shows it. {@code id} is "service/server/type", e.g.
 * "TCP 10.0.0.1:80/192.0.2.1:80/HTTP_GET"; {@code state} UP, DOWN or PAUSED (paused checks keep
 * their last verdict); latency of the last attempt in microseconds (-1 before the first).
 */
public record CheckView(String id, String service, String server, String type, String state, boolean paused,
        String lastResult, long latencyMicros, long transitions, Instant lastChange, int failures, int weight) {
}
