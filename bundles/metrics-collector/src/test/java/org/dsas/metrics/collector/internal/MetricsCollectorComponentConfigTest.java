package org.dsas.metrics.collector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCollectorComponentConfigTest {

    @TempDir
    Path rrds;

    private final Map<String, List<String>> alarms = new HashMap<>();
    private final MetricsCollectorComponent component = new MetricsCollectorComponent();

    MetricsCollectorComponentConfigTest() {
        component.alarms = alarms::put;
    }

    @AfterEach
    void stop() {
        component.deactivate();
    }

    @Test
    void theShippedFileIsReadWholeWithEveryKeyKnown() throws Exception {
        Collector.Settings s = component.settings(new HashMap<>(ConfigFiles.read(
                Path.of("../../etc/org.dsas.metrics.collector.cfg"))));
        assertEquals(List.of(), alarms.get(MetricsCollectorComponent.PID));
        assertNotNull(s);
    }

    /** No listener; the one data source is a closed loopback port. */
    private Map<String, Object> quiet(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("data.sources", "\"a\" 15 127.0.0.1:1", "xml.port", "0",
                "interactive.port", "0", "rrd.dir", rrds.toString()));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void anUnknownKeyOrAValueOutOfRangeIsRefusedAndTheCollectorKeepsRunningAsItWas() {
        component.configure(quiet());
        Collector running = component.collector();
        assertNotNull(running);

        component.configure(quiet("poll.timeout", "0.01", "grid", "x"));
        String f = "etc/org.dsas.metrics.collector.cfg: key ";
        assertEquals(List.of(f + "'grid': unknown key (known: authority, bind.address, data.sources, grid.name, "
                + "interactive.port, max.xml.mib, poll.timeout, rrd.dir, xml.port)",
                f + "'poll.timeout': '0.01' is out of range 0.1-600"), alarms.get(MetricsCollectorComponent.PID));
        assertSame(running, component.collector());

        component.configure(quiet("data.sources", "\"a\" 15 127.0.0.1:1; \"a\" 127.0.0.1:2"));
        assertEquals(List.of(f + "'data.sources': data source \"a\" twice"), alarms.get(MetricsCollectorComponent.PID));
        assertSame(running, component.collector());

        component.configure(quiet("grid.name", "g"));
        assertEquals(List.of(), alarms.get(MetricsCollectorComponent.PID));
        assertNotNull(component.collector());
    }

    @Test
    void aRefusedFirstConfigurationStartsNoCollector() {
        component.configure(quiet("max.xml.mib", "0"));
        assertNull(component.collector());
        assertEquals(List.of("etc/org.dsas.metrics.collector.cfg: key 'max.xml.mib': '0' is out of range 1-4096"),
                alarms.get(MetricsCollectorComponent.PID));
    }
}
