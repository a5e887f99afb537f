package org.dsas.metrics.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.shell.ListingAction;
import org.dsas.metrics.api.ClusterView;
import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricValue;

@Command(scope = "metrics", name = "list", description = "Lists metrics with value, units and age (all hosts, or one)")
@Service
public class MetricsList extends ListingAction {

    @Reference
    ClusterView cluster;

    @Argument(name = "host", description = "Only this host (name as metrics:hosts shows it)")
    String host;

    @Override
    public Object execute() {
        List<Map<String, Object>> model = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (HostState h : cluster.hosts()) {
            if (host != null && !host.equals(h.name())) {
                continue;
            }
            for (MetricValue m : h.metrics()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("host", h.name());
                e.put("name", m.name());
                e.put("value", value(m));
                e.put("units", m.units().trim());
                e.put("ageSeconds", m.tn());
                e.put("group", m.group());
                model.add(e);
                rows.add(List.of(h.name(), m.name(), m.value(), m.units().trim(), m.tn() + "s",
                        m.group() == null ? "" : m.group()));
            }
        }
        if (host != null && model.isEmpty() && cluster.hosts().stream().noneMatch(h -> h.name().equals(host))) {
            System.out.println("metrics:list: no host " + host + " in cluster " + cluster.cluster());
            return null;
        }
        print(model, out -> table(out, List.of("HOST", "METRIC", "VALUE", "UNITS", "AGE", "GROUP"), rows));
        return null;
    }

    /** A number for a numeric metric (integers as integers), the text for a string metric or a value that is not one. */
    static Object value(MetricValue m) {
        if ("string".equals(m.type())) {
            return m.value();
        }
        String v = m.value().trim();
        try {
            return m.type().contains("int") ? (Object) Long.parseLong(v) : (Object) Double.parseDouble(v);
        } catch (NumberFormatException e) {
            double d = m.number();
            return Double.isFinite(d) ? d : m.value();
        }
    }
}
