package org.dsas.metrics.api;

/**
 * gmetric: sends one metric for this host on the agent's channels (metadata then value), as if the agent had
 * collected it. Registered by the agent.
 */
public interface MetricSender {

    /**
     * @param type ganglia type (string, int8..uint32, float, double)
     * @param slope zero, positive, negative, both
     * @throws IllegalArgumentException one line naming the bad field
     */
    void send(String name, String value, String type, String units, String slope, int tmax, int dmax,
            String group, String description);
}
