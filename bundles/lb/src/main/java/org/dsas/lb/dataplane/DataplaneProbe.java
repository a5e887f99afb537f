package org.dsas.lb.dataplane;

/**
 * Whether a dataplane can run on this box, and why (or why not): the answer
 * {@code lb:backend} prints. Probes have no side effect on forwarding.
 */
public record DataplaneProbe(String name, boolean available, String reason) {

    public static DataplaneProbe available(String name, String reason) {
        return new DataplaneProbe(name, true, reason);
    }

    public static DataplaneProbe unavailable(String name, String reason) {
        return new DataplaneProbe(name, false, reason);
    }
}
