package org.dsas.metrics.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.shell.ListingAction;
import org.dsas.metrics.api.ClusterView;
import org.dsas.metrics.api.HostState;

@Command(scope = "metrics", name = "hosts", description = "Lists the hosts of the cluster: up/down, last heard, metrics")
@Service
public class MetricsHosts extends ListingAction {

    @Reference
    ClusterView cluster;

    @Override
    public Object execute() {
        List<Map<String, Object>> model = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (HostState h : cluster.hosts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", h.name());
            m.put("ip", h.ip());
            m.put("up", h.up());
            m.put("lastHeardSeconds", h.tn());
            m.put("metrics", h.metrics().size());
            m.put("location", h.location());
            model.add(m);
            rows.add(List.of(h.name(), h.ip(), h.up() ? "up" : "DOWN", h.tn() + "s ago",
                    String.valueOf(h.metrics().size()), h.location()));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cluster", cluster.cluster());
        json.put("hosts", model);
        print(json, out -> {
            out.println("cluster " + cluster.cluster());
            table(out, List.of("HOST", "IP", "STATE", "HEARD", "METRICS", "LOCATION"), rows);
        });
        return null;
    }
}
