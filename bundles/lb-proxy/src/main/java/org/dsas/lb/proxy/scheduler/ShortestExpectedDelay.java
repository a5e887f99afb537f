package org.dsas.lb.proxy.scheduler;

import java.util.List;

/**
 * sed and nq (ip_vs_sed.c, ip_vs_nq.c): the smallest (active + 1) / weight. nq first takes any server with no
 * active connection (the first such in the list), then falls back to sed.
 */
final class ShortestExpectedDelay implements Scheduler {

    private final boolean neverQueue;

    ShortestExpectedDelay(boolean neverQueue) {
        this.neverQueue = neverQueue;
    }

    @Override
    public <T extends Candidate> T pick(List<T> servers, Request request) {
        T least = null;
        long loh = 0;
        for (T s : servers) {
            if (!s.available()) {
                continue;
            }
            if (neverQueue && s.activeConnections() == 0) {
                return s;
            }
            long doh = s.activeConnections() + 1L;
            if (least == null || loh * s.weight() > doh * least.weight()) {
                least = s;
                loh = doh;
            }
        }
        return least;
    }
}
