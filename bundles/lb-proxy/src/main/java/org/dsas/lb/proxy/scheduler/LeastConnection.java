package org.dsas.lb.proxy.scheduler;

import java.util.List;

/**
 * lc and wlc (ip_vs_lc.c, ip_vs_wlc.c): the smallest overhead, active * 256 + inactive, divided by the weight
 * for wlc; ties go to the server first in the list.
 */
final class LeastConnection implements Scheduler {

    private final boolean weighted;

    LeastConnection(boolean weighted) {
        this.weighted = weighted;
    }

    @Override
    public <T extends Candidate> T pick(List<T> servers, Request request) {
        T least = null;
        long loh = 0;
        for (T s : servers) {
            if (!s.available()) {
                continue;
            }
            long doh = ((long) s.activeConnections() << 8) + s.inactiveConnections();
            if (least == null) {
                least = s;
                loh = doh;
            } else if (weighted ? loh * s.weight() > doh * least.weight() : doh < loh) {
                least = s;
                loh = doh;
            }
        }
        return least;
    }
}
