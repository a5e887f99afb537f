package org.dsas.lb.api;

import java.util.List;

/**
 * A virtual service as a dataplane has it now. {@link #service()} carries the
 * settings and real servers as read back (so it compares with desired state);
 * {@link #servers()} adds each real server's connections and counters.
 */
public record ServiceState(VirtualService service, Counters counters, List<ServerState> servers) {

    public ServiceState {
        servers = List.copyOf(servers);
    }
}
