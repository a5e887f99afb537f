package org.dsas.lb.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;

/**
 * Owns what other parties put on top of the operator's configured services:
 * operator drains, health verdicts and sorry servers. {@link #effective}
 * turns configuration + overlays into what the dataplane should have. An
 * operator's drain always wins over a passing check. Immutable.
 */
public record Overlays(Set<Endpoint> drained, Map<ServiceKey, Map<Endpoint, Health>> health,
        Map<ServiceKey, RealServer> sorry) {

    /** A checker's verdict on one real server of one service. */
    public record Health(boolean up, boolean inhibit, String reason) {
    }

    public static final Overlays NONE = new Overlays(Set.of(), Map.of(), Map.of());

    public Overlays {
        drained = Set.copyOf(drained);
        Map<ServiceKey, Map<Endpoint, Health>> h = new HashMap<>();
        health.forEach((k, v) -> h.put(k, Map.copyOf(v)));
        health = Map.copyOf(h);
        sorry = Map.copyOf(sorry);
    }

    public Overlays withDrain(Endpoint e, boolean on) {
        Set<Endpoint> d = new TreeSet<>(drained);
        if (on) {
            d.add(e);
        } else {
            d.remove(e);
        }
        return new Overlays(d, health, sorry);
    }

    public Overlays withHealth(ServiceKey key, Endpoint e, Health verdict) {
        Map<ServiceKey, Map<Endpoint, Health>> h = new HashMap<>(health);
        Map<Endpoint, Health> perService = new HashMap<>(h.getOrDefault(key, Map.of()));
        if (verdict == null || (verdict.up())) {
            perService.remove(e);
        } else {
            perService.put(e, verdict);
        }
        if (perService.isEmpty()) {
            h.remove(key);
        } else {
            h.put(key, perService);
        }
        return new Overlays(drained, h, sorry);
    }

    public Overlays withSorry(ServiceKey key, RealServer server) {
        Map<ServiceKey, RealServer> s = new HashMap<>(sorry);
        if (server == null) {
            s.remove(key);
        } else {
            s.put(key, server);
        }
        return new Overlays(drained, health, s);
    }

    /** Overlays that still name something in {@code services} (deleted services drop their verdicts). */
    public Overlays retain(List<VirtualService> services) {
        Set<ServiceKey> keys = new TreeSet<>();
        services.forEach(s -> keys.add(s.key()));
        Map<ServiceKey, Map<Endpoint, Health>> h = new HashMap<>(health);
        h.keySet().retainAll(keys);
        Map<ServiceKey, RealServer> s = new HashMap<>(sorry);
        s.keySet().retainAll(keys);
        return new Overlays(drained, h, s);
    }

    /** The down verdict on a server of a service, or null when it is up or unchecked. */
    public Health down(ServiceKey key, Endpoint e) {
        return health.getOrDefault(key, Map.of()).get(e);
    }

    /**
     * Configured services with the overlays applied: drained servers at weight 0, servers a check
     * found down removed (or at weight 0 when the check inhibits), the sorry server added while set.
     */
    public List<VirtualService> effective(List<VirtualService> configured) {
        List<VirtualService> out = new ArrayList<>(configured.size());
        for (VirtualService s : configured) {
            Map<Endpoint, Health> verdicts = health.getOrDefault(s.key(), Map.of());
            RealServer sorryServer = sorry.get(s.key());
            if (verdicts.isEmpty() && drained.isEmpty() && sorryServer == null) {
                out.add(s);
                continue;
            }
            List<RealServer> servers = new ArrayList<>(s.servers().size() + 1);
            for (RealServer r : s.servers()) {
                Health h = verdicts.get(r.endpoint());
                if (h != null && !h.inhibit()) {
                    continue;
                }
                boolean zero = drained.contains(r.endpoint()) || h != null;
                servers.add(zero ? r.withWeight(0) : r);
            }
            if (sorryServer != null && servers.stream().noneMatch(r -> r.endpoint().equals(sorryServer.endpoint()))) {
                servers.add(sorryServer);
            }
            out.add(s.withServers(servers));
        }
        return out;
    }
}
