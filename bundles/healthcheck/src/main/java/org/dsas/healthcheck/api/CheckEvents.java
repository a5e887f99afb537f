package org.dsas.healthcheck.api;

/**
 * OSGi event topics the health checks post. Properties of DOWN/UP: service ("TCP 10.0.0.1:80"),
 * server ("192.0.2.1:80"), check (its id), reason. QUORUM: service, up (Boolean), alive (Integer),
 * quorum (Integer); the vrrp capability listens to it (org.dsas.vrrp.api.VrrpEvents.CHECK_QUORUM).
 */
public final class CheckEvents {

    public static final String DOWN = "org/dsas/check/DOWN";
    public static final String UP = "org/dsas/check/UP";
    public static final String QUORUM = "org/dsas/check/QUORUM";

    private CheckEvents() {
    }
}
