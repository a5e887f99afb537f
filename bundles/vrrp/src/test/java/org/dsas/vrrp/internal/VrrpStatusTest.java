package org.dsas.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dsas.core.api.Json;
import org.dsas.vrrp.api.VrrpInstanceView;
import org.dsas.vrrp.api.VrrpState;
import org.dsas.vrrp.codec.DropReason;
import org.junit.jupiter.api.Test;

/** The vrrp section of dsas:status: instances in their one JSON form, camelCase keys. */
class VrrpStatusTest {

    @Test
    void sectionListsEveryInstanceInTheFormOfVrrpListJson() {
        VrrpInstanceView v = new VrrpInstanceView("VI_1", "eth0", 51, 3, VrrpState.FAULT, 150, 150, 1000,
                List.of("192.0.2.100/24"), null, false, Map.of("dropsBadTtl", 1L), Map.of("192.0.2.2", 100), false);

        Map<String, Object> section = VrrpManager.status(List.of(v));

        Object parsed = Json.parse(Json.write(section));
        assertEquals(List.of(), Json.nonCamelCaseKeys(parsed, Set.of("peers")));
        List<?> instances = (List<?>) ((Map<?, ?>) parsed).get("instances");
        assertEquals(1, instances.size());
        assertEquals(Json.parse(Json.write(v.toMap())), instances.get(0));
        assertEquals("FAULT", ((Map<?, ?>) instances.get(0)).get("state"));
        assertEquals(Map.of("instances", List.of()), Json.parse(Json.write(VrrpManager.status(List.of()))));
    }

    @Test
    void everyDropReasonCountsUnderACamelCaseCounter() {
        assertEquals("dropsBadTtl", DropReason.BAD_TTL.counterName());
        assertEquals("dropsOwnPacket", DropReason.OWN_PACKET.counterName());
        for (DropReason r : DropReason.values()) {
            assertEquals(true, Json.KEY.matcher(r.counterName()).matches(), r.counterName());
        }
    }
}
