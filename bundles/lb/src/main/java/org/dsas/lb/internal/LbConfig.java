package org.dsas.lb.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.dsas.core.api.ConfigFiles;

/**
 * The lb capability's settings (etc/org.dsas.lb.cfg), validated whole: an
 * unknown key or a bad value is one line naming file and key, and nothing of
 * the file is applied.
 */
public record LbConfig(String backend, int reconcileSeconds, Drift drift, Reconciler.Foreign foreign, Path rulesFile,
        Path drainFile) {

    /** What the periodic reconcile does when the dataplane differs from desired state. */
    public enum Drift { REPAIR, REPORT }

    static final String PID = "org.dsas.lb";
    static final Set<String> BACKENDS = Set.of("auto", "ipvs", "nftables", "proxy");
    private static final Set<String> KEYS = Set.of("backend", "reconcile.interval", "drift", "foreign", "rules.file",
            "drain.file");

    public static LbConfig parse(Map<String, ?> props, Path etc) {
        String file = ConfigFiles.fileOf(props, etc.resolve(PID + ".cfg").toString());
        for (String k : props.keySet()) {
            if (!ConfigFiles.isFrameworkKey(k) && !KEYS.contains(k)) {
                throw new IllegalArgumentException(file + ": key '" + k + "': unknown (known: " + String.join(", ",
                        new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        String backend = text(props, "backend", "auto").toLowerCase(Locale.ROOT);
        if (!BACKENDS.contains(backend)) {
            throw new IllegalArgumentException(file + ": key 'backend': '" + backend
                    + "' is not one of auto, ipvs, nftables, proxy");
        }
        int interval;
        String raw = text(props, "reconcile.interval", "10");
        try {
            interval = Integer.parseInt(raw.endsWith("s") ? raw.substring(0, raw.length() - 1) : raw);
        } catch (NumberFormatException e) {
            interval = -1;
        }
        if (interval < 1 || interval > 3600) {
            throw new IllegalArgumentException(file + ": key 'reconcile.interval': '" + raw
                    + "' is not a number of seconds 1-3600");
        }
        Drift drift = choice(file, "drift", text(props, "drift", "repair"), Drift.class);
        Reconciler.Foreign foreign = choice(file, "foreign", text(props, "foreign", "remove"), Reconciler.Foreign.class);
        Path rules = etc.resolve(text(props, "rules.file", "dsas-lb.rules"));
        Path drain = etc.resolve(text(props, "drain.file", "dsas-lb.drained"));
        return new LbConfig(backend, interval, drift, foreign, rules, drain);
    }

    private static String text(Map<String, ?> props, String key, String dflt) {
        Object v = props.get(key);
        return v == null || v.toString().isBlank() ? dflt : v.toString().trim();
    }

    private static <E extends Enum<E>> E choice(String file, String key, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            throw new IllegalArgumentException(file + ": key '" + key + "': '" + value + "' is not one of "
                    + String.join(", ", names));
        }
    }
}
