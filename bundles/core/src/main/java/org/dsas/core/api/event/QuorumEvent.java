package org.dsas.core.api.event;

/**
 * A virtual service's health-check quorum was lost or regained. The health checks post it
 * (role lb); VRRP instances that track the service ({@code trackQuorum}) go to FAULT while its
 * quorum is lost (role vrrp).
 *
 * <p>Properties: {@link #SERVICE} the service in {@link ServiceText} form ({@code tcp:192.0.2.10:80}),
 * {@link #UP} (Boolean, quorum held), {@link #ALIVE} (Integer, sum of the weights of the live real
 * servers) and {@link #QUORUM} (Integer, the weight the service needs).
 */
public final class QuorumEvent {

    public static final String TOPIC = "org/dsas/check/QUORUM";
    public static final String SERVICE = "service";
    public static final String UP = "up";
    public static final String ALIVE = "alive";
    public static final String QUORUM = "quorum";

    private QuorumEvent() {
    }
}
