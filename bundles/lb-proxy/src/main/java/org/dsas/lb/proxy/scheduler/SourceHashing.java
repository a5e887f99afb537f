package org.dsas.lb.proxy.scheduler;

import java.util.List;

/**
 * sh (ip_vs_sh.c): 256 buckets filled in list order, each server taking as many consecutive buckets as its
 * weight; the client address (plus port with sh-port) hashed with hash_32 picks the bucket. An unavailable
 * server means no server, unless sh-fallback, which walks on through the buckets from there.
 */
final class SourceHashing implements Scheduler {

    static final int BITS = 8;
    static final int SIZE = 1 << BITS;

    private final boolean fallback;
    private final boolean port;
    private List<? extends Candidate> seen;
    private int[] table = new int[SIZE];

    SourceHashing(boolean fallback, boolean port) {
        this.fallback = fallback;
        this.port = port;
    }

    @Override
    public <T extends Candidate> T pick(List<T> servers, Request request) {
        if (servers.isEmpty()) {
            return null;
        }
        if (servers != seen) {
            fill(servers);
        }
        int key = AddressHash.fold(request.client()) + (port ? request.clientPort() : 0);
        int ihash = AddressHash.hash32(key, BITS);
        T s = servers.get(table[ihash]);
        if (s.available() || !fallback) {
            return s.available() ? s : null;
        }
        for (int offset = 0; offset < SIZE; offset++) {
            int roffset = (offset + ihash) % SIZE;
            T d = servers.get(table[(roffset + AddressHash.hash32(key, BITS)) & (SIZE - 1)]);
            if (d.available()) {
                return d;
            }
        }
        return null;
    }

    private void fill(List<? extends Candidate> servers) {
        seen = servers;
        int p = 0;
        int count = 0;
        for (int b = 0; b < SIZE; b++) {
            table[b] = p;
            if (++count >= servers.get(p).weight()) {
                p = (p + 1) % servers.size();
                count = 0;
            }
        }
    }

    /** The bucket-to-server-index table (for tests). */
    int[] table() {
        return table.clone();
    }
}
