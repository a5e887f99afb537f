package org.dsas.core.command;

import static org.dsas.core.shell.ShellConsole.linesPrintedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StatusTest {

    private static Map<String, Object> ordered(Object... keyValuePairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            m.put((String) keyValuePairs[i], keyValuePairs[i + 1]);
        }
        return m;
    }

    @Test
    void printsSectionsAsAnIndentedTreeWithListItemsAndInlineMaps() throws Exception {
        Map<String, Object> model = ordered(
                "box", ordered("host", "dsas-1", "uptime", "1m 2s"),
                "roles", List.of(ordered("name", "lb", "active", true, "source", "operator")),
                "features", ordered("installed", 3, "dsas", List.of("dsas-role-base/0.1.0")),
                "alarms", List.of());
        Status status = new Status();
        status.status = () -> model;

        List<String> lines = linesPrintedBy(status::execute);

        assertEquals(List.of(
                "box:",
                "  host: dsas-1",
                "  uptime: 1m 2s",
                "roles:",
                "  - name=lb  active=true  source=operator",
                "features:",
                "  installed: 3",
                "  dsas:",
                "    - dsas-role-base/0.1.0",
                "alarms: none"), lines);
    }

    @Test
    void textSpellsCamelCaseKeysAsWordsAndJsonKeepsThemAsIdentifiers() throws Exception {
        Map<String, Object> model = ordered(
                "lb", ordered("realServers", 3, "downByChecks", 1L, "drained", List.of(), "driftPolicy", "repair",
                        "lastDrift", null),
                "vrrp", ordered("instances", List.of(ordered("name", "VI_1", "effectivePriority", 150))),
                "VI_2", "kept as it is",
                "alarms", List.of("lb: rules rejected"));
        Status status = new Status();
        status.status = () -> model;

        assertEquals(List.of(
                "lb:",
                "  real servers: 3",
                "  down by checks: 1",
                "  drained: none",
                "  drift policy: repair",
                "  last drift: none",
                "vrrp:",
                "  instances:",
                "    - name=VI_1  effectivePriority=150",
                "VI_2: kept as it is",
                "alarms:",
                "  - lb: rules rejected"), linesPrintedBy(status::execute));

        java.lang.reflect.Field json = org.dsas.core.shell.ListingAction.class.getDeclaredField("json");
        json.setAccessible(true);
        json.setBoolean(status, true);
        List<String> lines = linesPrintedBy(status::execute);

        assertEquals(1, lines.size(), lines.toString());
        Map<?, ?> parsed = (Map<?, ?>) org.dsas.core.api.Json.parse(lines.get(0));
        assertEquals(3L, ((Map<?, ?>) parsed.get("lb")).get("realServers"));
        assertEquals(1L, ((Map<?, ?>) parsed.get("lb")).get("downByChecks"));
        assertEquals(true, ((Map<?, ?>) parsed.get("lb")).containsKey("lastDrift"));
        assertEquals(null, ((Map<?, ?>) parsed.get("lb")).get("lastDrift"));
        assertEquals(List.of("lb: rules rejected"), parsed.get("alarms"));
        assertEquals(List.of("VI_2"), org.dsas.core.api.Json.nonCamelCaseKeys(parsed, java.util.Set.of()));
    }

    @Test
    void labelSplitsOnlyCamelCaseIdentifiers() {
        assertEquals("uptime seconds", Status.label("uptimeSeconds"));
        assertEquals("drops bad ttl", Status.label("dropsBadTtl"));
        assertEquals("host", Status.label("host"));
        assertEquals("VI_1", Status.label("VI_1"));
        assertEquals("metrics-collector", Status.label("metrics-collector"));
    }
}
