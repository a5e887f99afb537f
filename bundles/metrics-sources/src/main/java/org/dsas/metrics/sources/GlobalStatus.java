package org.dsas.metrics.sources;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One reading of a MariaDB/MySQL server's {@code SHOW GLOBAL STATUS}: variable name to value, names compared
 * without case (servers differ: "Threads_connected", "THREADS_CONNECTED"). Pure, no I/O.
 */
public record GlobalStatus(Map<String, String> rows) {

    public GlobalStatus {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(rows);
        rows = java.util.Collections.unmodifiableMap(copy);
    }

    /** A numeric variable; empty when absent or not a number (some are "ON"/"OFF" or text). */
    public OptionalDouble number(String name) {
        String v = rows.get(name);
        if (v == null || v.isBlank()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
