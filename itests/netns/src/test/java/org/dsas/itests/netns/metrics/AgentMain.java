package org.dsas.itests.netns.metrics;

import java.nio.file.Path;
import java.util.List;

import org.dsas.metrics.internal.Agent;
import org.dsas.metrics.internal.AgentSettings;
import org.dsas.metrics.internal.NodeCollector;

/**
 * The metrics agent outside OSGi, for the netns ITs (run inside a rig namespace only: it multicasts):
 * {@code AgentMain <cluster> <iface> <collectSeconds>}. Sends and joins 239.2.11.71:8649 on the interface, serves
 * XML on TCP 8649, runs until killed.
 */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        String iface = args[1];
        AgentSettings s = new AgentSettings(args[0], "dsas", "unspecified", "unspecified", "rig", "", "",
                AgentSettings.channels(new String[] {"239.2.11.71:8649"}), 1, iface, "0.0.0.0", 8649,
                List.of("239.2.11.71"), "0.0.0.0", 8649, Integer.parseInt(args[2]), 10, 0, Path.of("/"));
        Agent agent = new Agent(s, NodeCollector.system(), List::of).start();
        System.out.println("agent started as " + agent.selfName());
        Thread.currentThread().join();
    }
}
