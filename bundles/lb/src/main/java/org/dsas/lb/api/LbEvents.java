package org.dsas.lb.api;

/** OSGi event topics and properties the lb capability posts. */
public final class LbEvents {

    /** Desired state applied to the dataplane; properties: backend, changes (count). */
    public static final String APPLIED = "org/dsas/lb/APPLIED";
    /** The dataplane differs from desired state without DSAS changing it; properties: backend, changes, policy. */
    public static final String DRIFT = "org/dsas/lb/DRIFT";

    private LbEvents() {
    }
}
