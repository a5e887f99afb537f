package org.dsas.lb.proxy.scheduler;

import java.util.List;

import org.dsas.lb.api.Endpoint;

/** rr: the next available server after the last one chosen, in list order (ip_vs_rr.c). */
final class RoundRobin implements Scheduler {

    private Endpoint last;

    @Override
    public <T extends Candidate> T pick(List<T> servers, Request request) {
        int n = servers.size();
        int start = 0;
        if (last != null) {
            for (int i = 0; i < n; i++) {
                if (servers.get(i).endpoint().equals(last)) {
                    start = i + 1;
                    break;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            T s = servers.get((start + k) % n);
            if (s.available()) {
                last = s.endpoint();
                return s;
            }
        }
        return null;
    }
}
