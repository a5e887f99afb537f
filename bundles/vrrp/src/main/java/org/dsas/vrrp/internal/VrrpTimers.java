package org.dsas.vrrp.internal;

/** Time for the state machine: the real scheduler in the appliance, a manual clock in unit tests. */
interface VrrpTimers {

    interface Timer {
        void cancel();
    }

    long nowMillis();

    /** Runs the task on the instance's event thread after the delay. */
    Timer schedule(Runnable task, long delayMillis);
}
