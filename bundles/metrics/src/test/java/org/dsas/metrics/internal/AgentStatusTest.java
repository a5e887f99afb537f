package org.dsas.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dsas.core.api.Json;
import org.dsas.metrics.api.HostState;
import org.dsas.metrics.xdr.DropReason;
import org.junit.jupiter.api.Test;

/** The metrics section of dsas:status: camelCase keys, numbers as numbers, only the drops that happened. */
class AgentStatusTest {

    @Test
    void sectionHasCamelCaseKeysAndCountsTheDropsThatHappened() {
        Map<String, Long> drops = new LinkedHashMap<>();
        for (DropReason r : DropReason.values()) {
            drops.put(r.key(), 0L);
        }
        drops.put(DropReason.TOO_SHORT.key(), 3L);
        drops.put(DropReason.NO_METADATA.key(), 1L);
        List<HostState> hosts = List.of(
                new HostState("dsas", "lb-1", "192.0.2.1", 0, 5, 20, 0, "", 0, List.of()),
                new HostState("dsas", "gmond-7", "192.0.2.7", 0, 900, 20, 0, "", 0, List.of()));

        Map<String, Object> section = Agent.status("dsas", "lb-1", hosts, 120, 2, 340, drops);

        Map<?, ?> parsed = (Map<?, ?>) Json.parse(Json.write(section));
        assertEquals(List.of(), Json.nonCamelCaseKeys(parsed, Set.of()));
        assertEquals("dsas", parsed.get("cluster"));
        assertEquals("lb-1", parsed.get("host"));
        assertEquals(2L, parsed.get("hosts"));
        assertEquals(1L, parsed.get("hostsUp"));
        assertEquals(120L, parsed.get("packetsSent"));
        assertEquals(2L, parsed.get("sendErrors"));
        assertEquals(340L, parsed.get("packetsReceived"));
        assertEquals(Map.of("tooShort", 3L, "noMetadata", 1L), parsed.get("drops"));
    }

    @Test
    void everyDropReasonBecomesACamelCaseKey() {
        Map<String, Long> drops = new LinkedHashMap<>();
        for (DropReason r : DropReason.values()) {
            drops.put(r.key(), 1L);
        }
        Map<?, ?> dropped = (Map<?, ?>) Agent.status("c", "h", List.of(), 0, 0, 0, drops).get("drops");
        assertEquals(DropReason.values().length, dropped.size());
        assertEquals(List.of(), Json.nonCamelCaseKeys(dropped, Set.of()));
    }
}
