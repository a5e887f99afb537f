package org.dsas.healthcheck.internal;

/**
 * Where the engine's timers run: Netty's event loops in the box ({@link NettyCheckScheduler}), a
 * virtual clock in tests. Tasks never block; a task that waits for something schedules itself again.
 */
public interface CheckScheduler {

    /** Monotonic nanoseconds. */
    long nanoTime();

    /** Runs {@code task} after {@code delayNanos}; the handle cancels it. */
    Cancel schedule(Runnable task, long delayNanos);

    /** A pending task; cancelling one that already ran does nothing. */
    interface Cancel {
        void cancel();
    }
}
