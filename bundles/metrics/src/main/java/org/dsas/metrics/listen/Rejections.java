package org.dsas.metrics.listen;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connections one TCP listener refused, counted per reason. Counters live as long as the bundle
 * ({@link #named}), so a listener restarted by a configuration change keeps counting up, as Prometheus counters must.
 */
public final class Rejections {

    /** Why a connection was closed without (or before the end of) its answer. */
    public enum Reason {
        /** No complete request in time, or the answer was not read in time. */
        SLOW("slow"),
        /** Not HTTP (or not the protocol the port speaks). */
        GARBAGE("garbage"),
        /** Request line, headers or body over the limit. */
        OVERSIZED("oversized"),
        /** More open connections from that client address than allowed. */
        TOO_MANY_CONNECTIONS("too_many_connections");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** The Prometheus label value (snake_case). */
        public String label() {
            return label;
        }

        /** The status key (camelCase). */
        public String key() {
            StringBuilder out = new StringBuilder();
            boolean upper = false;
            for (char c : label.toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    out.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return out.toString();
        }
    }

    private static final Map<String, Rejections> NAMED = new ConcurrentHashMap<>();

    private final EnumMap<Reason, AtomicLong> counts = new EnumMap<>(Reason.class);

    public Rejections() {
        for (Reason r : Reason.values()) {
            counts.put(r, new AtomicLong());
        }
    }

    /** The bundle-wide counters of the listener with this (camelCase) name, e.g. {@code prometheus}. */
    public static Rejections named(String listener) {
        return NAMED.computeIfAbsent(listener, k -> new Rejections());
    }

    /** Every named listener's counters, by listener name then reason key: the status section's form. */
    public static Map<String, Map<String, Long>> all() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        new java.util.TreeMap<>(NAMED).forEach((name, r) -> out.put(name, r.byKey()));
        return out;
    }

    public void count(Reason reason) {
        counts.get(reason).incrementAndGet();
    }

    public long get(Reason reason) {
        return counts.get(reason).get();
    }

    /** Every reason (zeros included) by its camelCase key, in declaration order. */
    public Map<String, Long> byKey() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((r, n) -> out.put(r.key(), n.get()));
        return out;
    }
}
