package org.dsas.healthcheck.internal;

import java.time.Duration;
import java.util.PriorityQueue;

/** A virtual clock: tasks run in due order when the test advances time, on the test's thread. */
final class ManualScheduler implements CheckScheduler {

    private record Task(long due, long order, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private long now;
    private long order;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Cancel schedule(Runnable task, long delayNanos) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + Math.max(0, delayNanos), order++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Runs every task due within {@code d}, in order, each at its due time. */
    void advance(Duration d) {
        long end;
        synchronized (this) {
            end = now + d.toNanos();
        }
        while (true) {
            Task t;
            synchronized (this) {
                t = queue.peek();
                if (t == null || t.due > end) {
                    now = end;
                    return;
                }
                queue.poll();
                now = t.due;
            }
            if (!t.cancelled[0]) {
                t.run.run();
            }
        }
    }

    double seconds() {
        return nanoTime() / 1e9;
    }
}
