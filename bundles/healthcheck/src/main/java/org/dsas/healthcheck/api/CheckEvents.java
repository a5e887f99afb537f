package org.dsas.healthcheck.api;

/**
 * OSGi event topics the health checks post. Properties of DOWN/UP: service ("TCP 10.0.0.1:80"),
 * server ("192.0.2.1:80"), check (its id), reason. QUORUM crosses capabilities (vrrp tracks it), so its
 * topic, properties and service text are defined once in {@link org.dsas.core.api.event.QuorumEvent}.
 */
public final class CheckEvents {

    public static final String DOWN = "org/dsas/check/DOWN";
    public static final String UP = "org/dsas/check/UP";
    public static final String QUORUM = org.dsas.core.api.event.QuorumEvent.TOPIC;

    private CheckEvents() {
    }
}
