package org.dsas.lb.proxy.scheduler;

import java.util.List;
import java.util.Set;

/**
 * Picks the real server for a new connection, with the semantics of the IPVS scheduler of the same name.
 * Callers pass the service's current server list on every call and replace the list object whenever a server
 * is added, removed or re-weighted, so a scheduler rebuilds its tables when it sees a different list. Not
 * thread-safe: the caller serialises calls per service.
 */
public interface Scheduler {

    /** The schedulers {@link #create} knows (ipvsadm names). */
    Set<String> NAMES = Set.of("rr", "wrr", "lc", "wlc", "sed", "nq", "sh", "dh", "mh");

    /** The chosen server, or null when none may take a new connection. */
    <T extends Candidate> T pick(List<T> servers, Request request);

    /**
     * A fresh scheduler. {@code flags} are the service's IPVS flags: for sh and mh, SCHED1 = fallback to another
     * server when the hashed one is unavailable, SCHED2 = hash the client port too.
     */
    static Scheduler create(String name, int flags) {
        boolean fallback = (flags & 0x0008) != 0;
        boolean port = (flags & 0x0010) != 0;
        return switch (name) {
            case "rr" -> new RoundRobin();
            case "wrr" -> new WeightedRoundRobin();
            case "lc" -> new LeastConnection(false);
            case "wlc" -> new LeastConnection(true);
            case "sed" -> new ShortestExpectedDelay(false);
            case "nq" -> new ShortestExpectedDelay(true);
            case "sh" -> new SourceHashing(fallback, port);
            case "dh" -> new DestinationHashing();
            case "mh" -> new MaglevHashing(fallback, port);
            default -> throw new IllegalArgumentException("unknown scheduler '" + name + "' (known: "
                    + String.join(", ", new java.util.TreeSet<>(NAMES)) + ")");
        };
    }
}
