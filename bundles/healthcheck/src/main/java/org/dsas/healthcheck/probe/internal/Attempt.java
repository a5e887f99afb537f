package org.dsas.healthcheck.probe.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import org.dsas.healthcheck.probe.ProbeResult;

/**
 * One attempt's bookkeeping: its future (completed once, never exceptionally), its start time, the
 * phase a timeout is reported in, the channel to close and the deadline timer to cancel when it ends.
 */
final class Attempt {

    final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    final long start = System.nanoTime();
    final EventLoop loop;
    private final long timeoutMillis;
    private volatile String phase = "connecting";
    private volatile Channel channel;
    private volatile ScheduledFuture<?> timer;

    /** Starts the deadline now: whatever the target does, the attempt ends after {@code timeout}. */
    Attempt(EventLoop loop, Duration timeout) {
        this.loop = loop;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        timer = loop.schedule(() -> fail("timeout after " + timeoutMillis + " ms " + phase), timeoutMillis,
                TimeUnit.MILLISECONDS);
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** Milliseconds left before the deadline (at least 1). */
    long remainingMillis() {
        return Math.max(1, timeoutMillis - (System.nanoTime() - start) / 1_000_000);
    }

    void phase(String phase) {
        this.phase = phase;
    }

    void channel(Channel channel) {
        this.channel = channel;
        if (result.isDone()) {
            close(channel);
        }
    }

    boolean done() {
        return result.isDone();
    }

    void pass(String detail) {
        finish(true, detail, -1);
    }

    void fail(String detail) {
        finish(false, detail, -1);
    }

    void finish(boolean ok, String detail, int weight) {
        if (result.complete(new ProbeResult(ok, detail, System.nanoTime() - start, weight))) {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            Channel c = channel;
            if (c != null) {
                close(c);
            }
        }
    }

    /**
     * A channel whose registration failed (no file descriptor left, loop shutting down) cannot be closed
     * through its pipeline: Netty throws "channel not registered to an event loop". Close it directly.
     */
    private static void close(Channel c) {
        try {
            if (c.isRegistered()) {
                c.close();
            } else {
                c.unsafe().closeForcibly();
            }
        } catch (RuntimeException e) {
            // it never opened: nothing to release
        }
    }

    /** A throwable as one line: its message (or class name), without the stack or line breaks. */
    static String oneLine(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getMessage() == null || cause instanceof io.netty.handler.codec.DecoderException)) {
            cause = cause.getCause();
        }
        String m = cause.getMessage();
        String text = m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
        return text.replaceAll("[\\r\\n]+", " ").trim();
    }
}
