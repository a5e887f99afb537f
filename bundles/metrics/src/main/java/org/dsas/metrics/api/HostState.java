package org.dsas.metrics.api;

import java.util.List;
import java.util.Optional;

/**
 * A host of a cluster as gmond's XML carries it: {@code <HOST NAME IP REPORTED TN TMAX DMAX LOCATION
 * GMOND_STARTED>} with its metrics. {@code reported} and {@code gmondStarted} are epoch seconds; {@code tn}
 * seconds since the host was last heard.
 */
public record HostState(String cluster, String name, String ip, long reported, int tn, int tmax, int dmax,
        String location, long gmondStarted, List<MetricValue> metrics) {

    public HostState {
        metrics = List.copyOf(metrics);
    }

    /** ganglia's rule (gmetad, web front end): a host is up while it was heard within 4 x its tmax. */
    public boolean up() {
        return tn < 4 * Math.max(tmax, 1);
    }

    public Optional<MetricValue> metric(String metricName) {
        return metrics.stream().filter(m -> m.name().equals(metricName)).findFirst();
    }
}
