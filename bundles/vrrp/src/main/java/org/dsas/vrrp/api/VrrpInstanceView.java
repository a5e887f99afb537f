package org.dsas.vrrp.api;

import java.util.List;
import java.util.Map;

/**
 * What {@code vrrp:show} prints of one instance.
 *
 * @param name             instance name, e.g. {@code VI_1}
 * @param iface            interface the adverts go out on
 * @param vrid             virtual router id
 * @param version          2 or 3
 * @param state            current state
 * @param priority         configured priority
 * @param effectivePriority priority advertised now (lower in maintenance)
 * @param advertMillis     advert interval
 * @param virtualAddresses the service addresses
 * @param masterAddress    the current master's address as last seen (ours when MASTER), or null
 * @param maintenance      handed over by the operator
 * @param counters         adverts sent/received, transitions, drops per reason
 * @param peers            priority last seen per peer address
 * @param splitBrain       another master is advertising while this node is MASTER
 */
public record VrrpInstanceView(String name, String iface, int vrid, int version, VrrpState state, int priority,
                               int effectivePriority, int advertMillis, List<String> virtualAddresses,
                               String masterAddress, boolean maintenance, Map<String, Long> counters,
                               Map<String, Integer> peers, boolean splitBrain) {

    /**
     * The one JSON form of an instance (vrrp:list, vrrp:show, the vrrp section of dsas:status): camelCase keys,
     * numbers as numbers; {@code peers} is keyed by peer address, {@code counters} by counter name.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", name);
        m.put("state", state.name());
        m.put("interface", iface);
        m.put("vrid", vrid);
        m.put("version", version);
        m.put("priority", priority);
        m.put("effectivePriority", effectivePriority);
        m.put("advertMillis", advertMillis);
        m.put("virtualAddresses", virtualAddresses);
        m.put("master", masterAddress);
        m.put("maintenance", maintenance);
        m.put("splitBrain", splitBrain);
        m.put("peers", peers);
        m.put("counters", counters);
        return m;
    }
}
