package org.dsas.core.command;

import static org.dsas.core.command.Console.linesPrintedBy;
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
}
