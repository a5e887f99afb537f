package org.dsas.healthcheck.internal;

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Timers on the engine's Netty event loops, the same loops the probes do their I/O on. Public for the
 * standalone runners of the benchmarks and the keepalived comparison (this package is not exported).
 */
public final class NettyCheckScheduler implements CheckScheduler {

    private final EventLoopGroup loops;

    public NettyCheckScheduler(EventLoopGroup loops) {
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
