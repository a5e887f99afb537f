package org.dsas.vrrp.command;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dsas.vrrp.api.VrrpInstanceView;

/** The JSON shape of an instance, shared by vrrp:list and vrrp:show. */
final class VrrpCommands {

    private VrrpCommands() {
    }

    static Map<String, Object> toMap(VrrpInstanceView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("state", v.state().name());
        m.put("interface", v.iface());
        m.put("vrid", v.vrid());
        m.put("version", v.version());
        m.put("priority", v.priority());
        m.put("effectivePriority", v.effectivePriority());
        m.put("advertMillis", v.advertMillis());
        m.put("virtualAddresses", v.virtualAddresses());
        m.put("master", v.masterAddress());
        m.put("maintenance", v.maintenance());
        m.put("splitBrain", v.splitBrain());
        m.put("peers", v.peers());
        m.put("counters", v.counters());
        return m;
    }
}
