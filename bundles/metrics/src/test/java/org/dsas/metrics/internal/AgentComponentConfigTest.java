package org.dsas.metrics.internal;

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

class AgentComponentConfigTest {

    private final Map<String, List<String>> alarms = new HashMap<>();
    private final AgentComponent component = new AgentComponent();

    AgentComponentConfigTest() {
        component.alarms = alarms::put;
    }

    @AfterEach
    void stop() {
        component.deactivate();
    }

    @Test
    void theShippedFileIsReadWholeWithEveryKeyKnown() throws Exception {
        AgentSettings s = component.settings(new HashMap<>(ConfigFiles.read(Path.of("../../etc/org.dsas.metrics.agent.cfg"))));
        assertEquals(List.of(), alarms.get(AgentComponent.PID));
        assertNotNull(s);
        assertEquals("dsas", s.cluster());
        assertEquals(15, s.collectInterval());
        assertEquals("[/239.2.11.71:8649]", s.sendTo().toString());
    }

    /** No sockets: nothing sent, received or served, so the test runs anywhere. */
    private static Map<String, Object> quiet(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("send.channels", "", "receive.port", "0", "tcp.port", "0",
                "receive.groups", "", "cluster.name", "first"));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void anUnknownKeyOrAValueOutOfRangeIsRefusedAndTheAgentKeepsRunningAsItWas() throws Exception {
        component.activate(quiet());
        Agent running = component.agent();
        assertEquals("first", running.cluster());

        component.modified(quiet("cluster.name", "second", "collect.intervall", "5", "send.ttl", "256",
                "send.channels", "nowhere"));
        assertEquals(List.of("etc/org.dsas.metrics.agent.cfg: key 'collect.intervall': unknown key (known: "
                + "cluster.latlong, cluster.name, cluster.owner, cluster.url, collect.interval, host.dmax, host.ip, "
                + "host.location, host.name, multicast.interface, proc.root, receive.bind, receive.groups, "
                + "receive.port, send.channels, send.metadata.interval, send.ttl, tcp.bind, tcp.port)",
                "etc/org.dsas.metrics.agent.cfg: key 'send.ttl': '256' is out of range 0-255",
                "etc/org.dsas.metrics.agent.cfg: key 'send.channels': send channel nowhere: not address:port"),
                alarms.get(AgentComponent.PID));
        assertSame(running, component.agent(), "a refused configuration does not restart the agent");
        assertEquals("first", component.agent().cluster());

        component.modified(quiet("cluster.name", "second"));
        assertEquals(List.of(), alarms.get(AgentComponent.PID));
        assertEquals("second", component.agent().cluster());
    }

    @Test
    void aRefusedFirstConfigurationIsNamedAndGivesNoSettings() {
        assertNull(component.settings(quiet("collect.interval", "0")));
        assertEquals(List.of("etc/org.dsas.metrics.agent.cfg: key 'collect.interval': '0' is out of range 1-3600"),
                alarms.get(AgentComponent.PID));
    }
}
