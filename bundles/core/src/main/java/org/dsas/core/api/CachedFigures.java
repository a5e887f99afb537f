package org.dsas.core.api;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps a {@link MetricSource}'s last reading for a while, so however often the metrics thread asks, the
 * capability behind it (a dataplane, the checks, VRRP) is read at most once per {@code maxAgeSeconds}.
 */
public final class CachedFigures {

    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private List<MetricSource.Metric> figures = List.of();
    private long readAt;
    private boolean read;

    public CachedFigures(int maxAgeSeconds, LongSupplier nanoTime) {
        this.maxAgeNanos = maxAgeSeconds * 1_000_000_000L;
        this.nanoTime = nanoTime;
    }

    /** The cached figures, or fresh ones from {@code reading} when the cache is older than the maximum age. */
    public synchronized List<MetricSource.Metric> get(Supplier<List<MetricSource.Metric>> reading) {
        long now = nanoTime.getAsLong();
        if (!read || now - readAt >= maxAgeNanos) {
            read = true;
            readAt = now;
            figures = List.copyOf(reading.get());
        }
        return figures;
    }
}
