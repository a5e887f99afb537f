package org.dsas.lb.internal;

import static org.dsas.lb.internal.ReconcilerTest.ep;
import static org.dsas.lb.internal.ReconcilerTest.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dsas.core.api.Json;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneProbe;
import org.dsas.lb.dataplane.DataplaneProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lb section of dsas:status as --json shows it: camelCase keys, numbers as numbers. */
class LbStatusTest {

    @TempDir
    Path etc;

    private final MemoryDataplane dp = new MemoryDataplane();
    private final LbManager lb = new LbManager();

    @AfterEach
    void stop() {
        lb.deactivate();
    }

    @Test
    void sectionIsMachineReadable() throws Exception {
        lb.etc(etc);
        lb.addProvider(new DataplaneProvider() {
            @Override
            public DataplaneProbe probe() {
                return DataplaneProbe.available("memory", "always");
            }

            @Override
            public Dataplane open() {
                return dp;
            }
        }, Map.of(DataplaneProvider.NAME, "memory", DataplaneProvider.PREFERENCE, 1));
        lb.alarms = (pid, problems) -> { };
        lb.activate(Map.of());
        lb.addService(VirtualService.of(tcp("198.51.100.1", 80), "rr"));
        lb.addServer(tcp("198.51.100.1", 80), RealServer.of(ep("192.0.2.101", 80), ForwardMethod.MASQUERADE, 3));
        lb.addServer(tcp("198.51.100.1", 80), RealServer.of(ep("192.0.2.102", 80), ForwardMethod.MASQUERADE, 1));
        lb.drain(ep("192.0.2.102", 80));

        Map<?, ?> section = (Map<?, ?>) Json.parse(Json.write(lb.status()));

        assertEquals(List.of(), Json.nonCamelCaseKeys(section, Set.of()), section.toString());
        assertEquals("memory", section.get("backend"));
        assertTrue(section.get("reason").toString().contains("always"), section.toString());
        assertEquals(1L, section.get("services"));
        assertEquals(2L, section.get("realServers"));
        assertEquals(1L, section.get("servicesRunning"), section.toString());
        assertEquals(2L, section.get("realServersRunning"), section.toString());
        assertEquals(0L, section.get("activeConnections"));
        assertEquals(List.of("192.0.2.102:80"), section.get("drained"));
        assertEquals(0L, section.get("downByChecks"));
        assertEquals(etc.resolve("dsas-lb.rules").toString(), section.get("rulesFile"));
        assertEquals("repair", section.get("driftPolicy"));
        assertEquals(0L, section.get("driftEvents"));
        assertEquals(null, section.get("lastDrift"));
        assertTrue(section.containsKey("lastDrift"), "a drift that never came is null, not missing");
        java.time.Instant.parse(section.get("lastReconcile").toString());
    }
}
