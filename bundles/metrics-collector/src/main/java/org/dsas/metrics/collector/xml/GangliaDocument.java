package org.dsas.metrics.collector.xml;

import java.util.List;

/**
 * One parsed {@code <GANGLIA_XML>}: who wrote it ({@code source} "gmond" or "gmetad"), its version, and every
 * cluster with host detail in it, whether directly under the root (gmond) or inside GRID elements (gmetad).
 */
public record GangliaDocument(String version, String source, List<ClusterSnapshot> clusters) {

    public GangliaDocument {
        clusters = List.copyOf(clusters);
    }
}
