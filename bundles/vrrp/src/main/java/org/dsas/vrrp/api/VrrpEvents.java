package org.dsas.vrrp.api;

/**
 * OSGi event topics and properties posted by the VRRP capability. The health checks' quorum event,
 * which instances track ({@code trackQuorum}), is {@link org.dsas.core.api.event.QuorumEvent}.
 */
public final class VrrpEvents {
    /** Every state change of an instance. */
    public static final String TRANSITION = "org/dsas/vrrp/TRANSITION";
    /** Two masters seen for one virtual router. */
    public static final String SPLIT_BRAIN = "org/dsas/vrrp/SPLIT_BRAIN";

    public static final String INSTANCE = "instance";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String REASON = "reason";
    public static final String PRIORITY = "priority";

    private VrrpEvents() {
    }
}
