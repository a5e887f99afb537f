package org.dsas.metrics.sources;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One reading of Apache mod_status in its machine-readable form ({@code server-status?auto}): the
 * "Key: value" lines as text, parsed by {@link #parse}. Pure, no I/O.
 */
public record ServerStatus(Map<String, String> fields) {

    public ServerStatus {
        fields = Map.copyOf(fields);
    }

    /**
     * Parses the body of {@code server-status?auto}. Throws {@link IllegalArgumentException} (one line) when the
     * text is not mod_status output, e.g. an HTML error page from a proxy or the status page without {@code ?auto}.
     */
    public static ServerStatus parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 2).trim());
            }
        }
        if (!fields.containsKey("Scoreboard") && !fields.containsKey("Total Accesses")) {
            String first = text.lines().findFirst().orElse("").strip();
            throw new IllegalArgumentException("not mod_status ?auto output (no Scoreboard, no Total Accesses): "
                    + (first.length() > 60 ? first.substring(0, 60) + "..." : first));
        }
        return new ServerStatus(fields);
    }

    /** A numeric field (mod_status writes ".0110535" for 0.0110535); empty when absent or not a number. */
    public OptionalDouble number(String key) {
        String v = fields.get(key);
        if (v == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** One character per worker slot; empty when mod_status gave none. */
    public String scoreboard() {
        return fields.getOrDefault("Scoreboard", "");
    }

    /** Seconds since the server (re)started: "ServerUptimeSeconds" (2.4), else "Uptime". */
    public OptionalDouble uptimeSeconds() {
        OptionalDouble s = number("ServerUptimeSeconds");
        return s.isPresent() ? s : number("Uptime");
    }
}
