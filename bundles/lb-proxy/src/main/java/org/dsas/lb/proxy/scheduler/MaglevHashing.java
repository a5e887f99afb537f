package org.dsas.lb.proxy.scheduler;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * mh (ip_vs_mh.c): Maglev consistent hashing. Each server with a weight above 0 walks its own permutation of a
 * prime-sized table (offset and skip from hashes of its address and port), taking weight/gcd slots per round,
 * until the table is full; the client address (plus port with mh-port) picks the slot. Removing a server only
 * moves the clients that were on it. The hash functions are not the kernel's siphash, so the slots differ
 * from IPVS's; the properties (balance by weight, minimal disruption) are the same.
 */
final class MaglevHashing implements Scheduler {

    /** The kernel's default table size (CONFIG_IP_VS_MH_TAB_INDEX 12). */
    static final int SIZE = 4093;

    private final boolean fallback;
    private final boolean port;
    private List<? extends Candidate> seen;
    private int[] table;

    MaglevHashing(boolean fallback, boolean port) {
        this.fallback = fallback;
        this.port = port;
    }

    @Override
    public <T extends Candidate> T pick(List<T> servers, Request request) {
        if (servers != seen) {
            table = populate(servers);
            seen = servers;
        }
        if (table == null) {
            return null;
        }
        long key = ((long) AddressHash.fold(request.client()) << 16) ^ (port ? request.clientPort() : 0);
        int slot = (int) Long.remainderUnsigned(mix(key, 0x9E3779B97F4A7C15L), SIZE);
        T s = servers.get(table[slot]);
        if (s.available()) {
            return s;
        }
        if (!fallback) {
            return null;
        }
        for (int i = 1; i < SIZE; i++) {
            T d = servers.get(table[(slot + i) % SIZE]);
            if (d.available()) {
                return d;
            }
        }
        return null;
    }

    /** The slot table as indexes into {@code servers}; null when no server has a weight. */
    static int[] populate(List<? extends Candidate> servers) {
        List<Integer> members = new ArrayList<>();
        int g = 0;
        for (int i = 0; i < servers.size(); i++) {
            int w = servers.get(i).weight();
            if (w > 0) {
                members.add(i);
                g = g == 0 ? w : gcd(g, w);
            }
        }
        if (members.isEmpty()) {
            return null;
        }
        int m = members.size();
        long[] offset = new long[m];
        long[] skip = new long[m];
        long[] next = new long[m];
        int[] turns = new int[m];
        for (int k = 0; k < m; k++) {
            Candidate c = servers.get(members.get(k));
            ByteBuffer b = ByteBuffer.allocate(18);
            b.put(c.endpoint().address().getAddress()).putShort((short) c.endpoint().port());
            long h = 0;
            for (int i = 0; i < b.position(); i++) {
                h = h * 31 + (b.get(i) & 0xff);
            }
            offset[k] = Long.remainderUnsigned(mix(h, 0xC2B2AE3D27D4EB4FL), SIZE);
            skip[k] = Long.remainderUnsigned(mix(h, 0x165667B19E3779F9L), SIZE - 1) + 1;
            turns[k] = c.weight() / g;
        }
        int[] table = new int[SIZE];
        Arrays.fill(table, -1);
        int filled = 0;
        while (true) {
            for (int k = 0; k < m; k++) {
                for (int t = 0; t < turns[k]; t++) {
                    int c = (int) ((offset[k] + next[k] * skip[k]) % SIZE);
                    while (table[c] >= 0) {
                        next[k]++;
                        c = (int) ((offset[k] + next[k] * skip[k]) % SIZE);
                    }
                    table[c] = members.get(k);
                    next[k]++;
                    if (++filled == SIZE) {
                        return table;
                    }
                }
            }
        }
    }

    /** A 64-bit finaliser (murmur3 fmix64) over the value xor a seed. */
    static long mix(long v, long seed) {
        long h = v ^ seed;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53a87c5L;
        h ^= h >>> 33;
        return h;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
