package org.dsas.lb.proxy.scheduler;

import org.dsas.lb.api.Endpoint;

/** What a scheduler sees of a real server: identity, weight, connection counts and the threshold state. */
public interface Candidate {

    Endpoint endpoint();

    int weight();

    int activeConnections();

    int inactiveConnections();

    /** Above its upper threshold (IP_VS_DEST_F_OVERLOAD): takes no new connections until below the lower one. */
    boolean overloaded();

    /** Weight above 0 and not overloaded: may get a new connection. */
    default boolean available() {
        return weight() > 0 && !overloaded();
    }
}
