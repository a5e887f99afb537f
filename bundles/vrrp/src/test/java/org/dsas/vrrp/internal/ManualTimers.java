package org.dsas.vrrp.internal;

import java.util.PriorityQueue;

/** A clock the test moves by hand; due tasks run in time order, as on the event thread. */
final class ManualTimers implements VrrpTimers {

    private record Task(long due, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
            a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public Timer schedule(Runnable task, long delayMillis) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + delayMillis, seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward, running every task that falls due on the way. */
    void advance(long millis) {
        long end = now + millis;
        while (!queue.isEmpty() && queue.peek().due <= end) {
            Task t = queue.poll();
            now = t.due;
            if (!t.cancelled[0]) {
                t.run.run();
            }
        }
        now = end;
    }
}
