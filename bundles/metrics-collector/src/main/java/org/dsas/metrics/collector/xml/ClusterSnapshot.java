package org.dsas.metrics.collector.xml;

import java.util.List;

import org.dsas.metrics.api.HostState;

/**
 * One {@code <CLUSTER>} as a gmond or gmetad served it: its attributes and every host with its metrics.
 * {@code localtime} is the serving node's clock (epoch seconds) when it wrote the XML.
 */
public record ClusterSnapshot(String name, long localtime, String owner, String latlong, String url,
        List<HostState> hosts) {

    public ClusterSnapshot {
        hosts = List.copyOf(hosts);
    }
}
