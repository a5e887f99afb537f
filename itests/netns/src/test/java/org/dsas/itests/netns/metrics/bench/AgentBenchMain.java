package org.dsas.itests.netns.metrics.bench;

import java.nio.file.Path;
import java.util.List;

import org.dsas.metrics.internal.Agent;
import org.dsas.metrics.internal.AgentSettings;
import org.dsas.metrics.internal.NodeCollector;

/**
 * The metrics agent outside Karaf for bench/metrics-agent-vs-gmond.sh, with the agent component's defaults
 * (collect every 15 s, metadata every 60 s, host_dmax 86400, multicast 239.2.11.71:8649, XML on TCP 8649):
 * {@code AgentBenchMain <cluster> <iface>}. Multicasts: run it inside a rig namespace only. Runs until killed.
 */
public final class AgentBenchMain {

    private AgentBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        AgentSettings s = new AgentSettings(args[0], "unspecified", "unspecified", "unspecified", "unspecified", "",
                "", AgentSettings.channels(new String[] {"239.2.11.71:8649"}), 1, args[1], "0.0.0.0", 8649,
                List.of("239.2.11.71"), "0.0.0.0", 8649, 15, 60, 86400, Path.of("/"));
        Agent agent = new Agent(s, NodeCollector.system(), List::of).start();
        System.out.println("AGENT STARTED as " + agent.selfName());
        System.out.flush();
        Thread.currentThread().join();
    }
}
