package org.dsas.metrics.api;

import java.util.List;

/**
 * The agent's view of its cluster (gmond's): this node and every node it has heard, ours or real gmond's.
 * Registered as an OSGi service by the agent.
 */
public interface ClusterView {

    /** The cluster name this agent reports (gmond's cluster { name }). */
    String cluster();

    /** Every host heard, this one included, with its latest metrics. */
    List<HostState> hosts();

    /** Drop counters of the receiver per reason (too short, bad type, bad string length, ...). */
    java.util.Map<String, Long> drops();
}
