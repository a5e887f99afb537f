package org.dsas.core.api;

import java.util.Map;

/**
 * A capability's section in {@code dsas:status}. Register it as an OSGi service;
 * the status view picks up every contributor that is present.
 */
public interface StatusContributor {

    /** Section title, e.g. {@code lb} or {@code vrrp}. */
    String section();

    /**
     * The section's figures: keys in display order, values are strings, numbers,
     * booleans, lists or nested maps (anything {@link Json} writes). Must not block.
     */
    Map<String, Object> status();

    /** Alarms the operator must see (split brain, failed role); empty when healthy. */
    default java.util.List<String> alarms() {
        return java.util.List.of();
    }
}
