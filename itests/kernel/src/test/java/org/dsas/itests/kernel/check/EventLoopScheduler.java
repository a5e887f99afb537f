package org.dsas.itests.kernel.check;

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;

import org.dsas.healthcheck.internal.CheckScheduler;

/**
 * The engine's timers on Netty event loops, as the box runs them (the box's NettyCheckScheduler is
 * package-private): every check's timer and its probe's I/O share the same few threads.
 */
final class EventLoopScheduler implements CheckScheduler {

    private final EventLoopGroup loops;

    EventLoopScheduler(EventLoopGroup loops) {
        this.loops = loops;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancel schedule(Runnable task, long delayNanos) {
        if (loops.isShuttingDown()) {
            return () -> { };
        }
        ScheduledFuture<?> f = loops.next().schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
