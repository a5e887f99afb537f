package org.dsas.core.api;

import java.util.List;

/**
 * Figures a capability (or a plugin: Apache, MariaDB) offers to the metrics capability, which publishes them
 * (gmond XDR, gmond/gmetad XML, RRD history, Prometheus) so no capability formats metrics itself. Register as
 * an OSGi service. {@link #collect()} is called every collection interval from a metrics thread; it must
 * answer quickly (cache what is slow to get) and never throw for a missing peer: return what is known.
 */
public interface MetricSource {

    /** The group the metrics appear under (ganglia's metric group): "lb", "vrrp", "apache", "mysql". */
    String group();

    List<Metric> collect();

    /**
     * One figure. {@code name} follows ganglia's style (lowercase, underscores, the group as prefix:
     * "lb_conns_TCP_10.0.0.1_80", "ap_busy_workers"); {@code counter}: the value only grows (requests served)
     * and history/Prometheus treat it as a rate/total; otherwise a gauge.
     */
    record Metric(String name, double value, String units, boolean counter, String description) {

        public static Metric gauge(String name, double value, String units, String description) {
            return new Metric(name, value, units, false, description);
        }

        public static Metric counter(String name, double value, String units, String description) {
            return new Metric(name, value, units, true, description);
        }
    }
}
