package org.dsas.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the deployment plan that Karaf's features service prints when it
 * simulates a change ({@code Changes to perform: / Bundles to install: ...}).
 * Karaf offers the plan only as these lines, so this is where their format is
 * known.
 */
final class KarafPlanParser {

    static final String INSTALL = "Bundles to install:";
    static final String UNINSTALL = "Bundles to uninstall:";
    static final String UPDATE = "Bundles to update:";
    static final String REFRESH = "Bundles to refresh:";

    private KarafPlanParser() {
    }

    /** Section header to its items, in the order printed; sections absent from the lines are empty. */
    static Map<String, List<String>> parse(List<String> lines) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (String h : List.of(INSTALL, UNINSTALL, UPDATE, REFRESH)) {
            sections.put(h, new ArrayList<>());
        }
        List<String> current = null;
        for (String line : lines) {
            for (String single : line.split("\\R")) {
                String trimmed = single.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (sections.containsKey(trimmed)) {
                    current = sections.get(trimmed);
                } else if (trimmed.endsWith(":") || trimmed.startsWith("Region:") || !Character.isWhitespace(single.charAt(0))) {
                    current = null;
                } else if (current != null) {
                    current.add(trimmed);
                }
            }
        }
        return sections;
    }
}
