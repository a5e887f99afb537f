package org.dsas.lb.proxy.scheduler;

import java.util.List;

/**
 * dh (ip_vs_dh.c): 256 buckets dealt to the servers in list order regardless of weight; the destination
 * address (for a proxy: the virtual address the client connected to) picks the bucket. An unavailable server
 * means no server.
 */
final class DestinationHashing implements Scheduler {

    static final int SIZE = 256;
    @Override
    public <T extends Candidate> T pick(List<T> servers, Request request) {
        if (servers.isEmpty()) {
            return null;
        }
        // (addr * 2654435761) & mask: the low byte of the product only depends on the low bytes.
        int bucket = (AddressHash.fold(request.destination()) * (int) 2654435761L) & (SIZE - 1);
        T s = servers.get(bucket % servers.size());
        return s.available() ? s : null;
    }
}
