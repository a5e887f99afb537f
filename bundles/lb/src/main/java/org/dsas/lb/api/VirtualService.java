package org.dsas.lb.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual service as the operator wants it: key, scheduler, persistence
 * (timeout in seconds, 0 = none; netmask as a prefix length), IPVS service
 * flags ({@link #FLAG_ONEPACKET}, {@link #FLAG_SCHED1}..3) and its real
 * servers, kept sorted by endpoint so equal desired states compare equal.
 */
public record VirtualService(ServiceKey key, String scheduler, int persistenceTimeout, int persistenceNetmask,
        int flags, List<RealServer> servers) {

    /** IP_VS_SVC_F_ONEPACKET: one-packet scheduling (UDP), ipvsadm -o. */
    public static final int FLAG_ONEPACKET = 0x0004;
    /** IP_VS_SVC_F_SCHED1..3: scheduler flags (sh-fallback / sh-port, mh-fallback / mh-port, flag-3). */
    public static final int FLAG_SCHED1 = 0x0008;
    public static final int FLAG_SCHED2 = 0x0010;
    public static final int FLAG_SCHED3 = 0x0020;
    /** The flags a desired state may carry; PERSISTENT (0x1) follows from the timeout, HASHED (0x2) is the kernel's. */
    public static final int SETTABLE_FLAGS = FLAG_ONEPACKET | FLAG_SCHED1 | FLAG_SCHED2 | FLAG_SCHED3;

    public VirtualService {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheduler, "scheduler");
        if (persistenceTimeout < 0) {
            throw new IllegalArgumentException("persistence timeout of " + key + " must be >= 0");
        }
        int maxMask = key.ipv6() ? 128 : 32;
        if (persistenceNetmask < 0 || persistenceNetmask > maxMask) {
            throw new IllegalArgumentException("persistence netmask /" + persistenceNetmask + " of " + key
                    + " out of range 0-" + maxMask);
        }
        if ((flags & ~SETTABLE_FLAGS) != 0) {
            throw new IllegalArgumentException("service flags 0x" + Integer.toHexString(flags) + " of " + key
                    + " include bits that cannot be set (allowed 0x" + Integer.toHexString(SETTABLE_FLAGS) + ")");
        }
        List<RealServer> sorted = new ArrayList<>(servers);
        sorted.sort(Comparator.comparing(RealServer::endpoint));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).endpoint().equals(sorted.get(i - 1).endpoint())) {
                throw new IllegalArgumentException("real server " + sorted.get(i).endpoint() + " appears twice in "
                        + key);
            }
        }
        servers = List.copyOf(sorted);
    }

    /** A service with no persistence, no flags and no real servers yet. */
    public static VirtualService of(ServiceKey key, String scheduler) {
        return new VirtualService(key, scheduler, 0, key.ipv6() ? 128 : 32, 0, List.of());
    }

    public Optional<RealServer> server(Endpoint endpoint) {
        return servers.stream().filter(s -> s.endpoint().equals(endpoint)).findFirst();
    }

    public VirtualService withServers(List<RealServer> newServers) {
        return new VirtualService(key, scheduler, persistenceTimeout, persistenceNetmask, flags, newServers);
    }

    /** The same service without its real servers: what an add/edit-service operation carries. */
    public VirtualService withoutServers() {
        return withServers(List.of());
    }

    /** Service-level settings equal (servers not compared). */
    public boolean sameSettings(VirtualService o) {
        return key.equals(o.key) && scheduler.equals(o.scheduler) && persistenceTimeout == o.persistenceTimeout
                && (persistenceTimeout == 0 || persistenceNetmask == o.persistenceNetmask) && flags == o.flags;
    }
}
