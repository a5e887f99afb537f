package org.dsas.vrrp.api;

/** OSGi event topics and properties posted by the VRRP capability. */
public final class VrrpEvents {
    /** Every state change of an instance. */
    public static final String TRANSITION = "org/dsas/vrrp/TRANSITION";
    /** Two masters seen for one virtual router. */
    public static final String SPLIT_BRAIN = "org/dsas/vrrp/SPLIT_BRAIN";

    /**
     * Posted by the healthcheck capability when a virtual service's quorum is lost or regained;
     * properties {@link #SERVICE} (e.g. {@code tcp:192.0.2.10:80}) and {@link #UP} (Boolean).
     * An instance that tracks the service goes to FAULT while its quorum is lost.
     */
    public static final String CHECK_QUORUM = "org/dsas/check/QUORUM";
    public static final String SERVICE = "service";
    public static final String UP = "up";

    public static final String INSTANCE = "instance";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String REASON = "reason";
    public static final String PRIORITY = "priority";

    private VrrpEvents() {
    }
}
