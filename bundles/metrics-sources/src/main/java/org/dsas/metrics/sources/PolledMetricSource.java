package org.dsas.metrics.sources;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dsas.core.api.MetricSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the polling of a slow peer (a web server's status page, a database) on its own thread and schedule, so
 * that {@link #collect()} only hands out the figures of the last good poll and never waits for the peer. A
 * failed poll empties the figures (nothing is known now) and is logged once per change, not every interval.
 */
abstract class PolledMetricSource implements MetricSource {

    private static final Logger LOG = LoggerFactory.getLogger(PolledMetricSource.class);

    private volatile List<Metric> figures = List.of();
    private volatile String lastError;
    private volatile long polls;
    private ScheduledExecutorService poller;

    /** Reads the peer once (may block up to the configured timeout); throws with one line when it cannot. */
    protected abstract List<Metric> poll() throws Exception;

    /** The peer as logs name it: "apache[http://127.0.0.1/server-status?auto]". */
    protected abstract String peer();

    /** Called when the peer fails, so a source can drop the state its rates are computed from. */
    protected void forget() {
    }

    protected final void start(int intervalSeconds) {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-" + group() + "-poll");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollOnce, 0, intervalSeconds, TimeUnit.SECONDS);
    }

    protected final void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
        close();
    }

    /** Releases what the polls hold open (a database connection). */
    protected void close() {
    }

    final void pollOnce() {
        try {
            figures = List.copyOf(poll());
            polls++;
            if (lastError != null) {
                LOG.info("{}: reachable again", peer());
                lastError = null;
            }
        } catch (Exception | LinkageError e) {
            figures = List.of();
            forget();
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines()
                    .findFirst().orElse("");
            if (!why.equals(lastError)) {
                LOG.warn("{}: no figures: {}", peer(), why);
            }
            lastError = why;
        }
    }

    @Override
    public final List<Metric> collect() {
        return figures;
    }

    /** The last poll's failure, or null when it worked. */
    final String lastError() {
        return lastError;
    }

    /** Good polls so far. */
    final long polls() {
        return polls;
    }
}
