package org.dsas.healthcheck.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.shell.ListingAction;
import org.dsas.healthcheck.api.CheckService;
import org.dsas.healthcheck.api.CheckView;

@Command(scope = "check", name = "list", description = "Lists the health checks: state, last result, latency, "
        + "transitions, consecutive failures")
@Service
public class CheckList extends ListingAction {

    @Reference
    CheckService checks;

    @Override
    public Object execute() {
        List<CheckView> all = checks.checks();
        List<List<String>> rows = new ArrayList<>();
        List<Map<String, Object>> model = new ArrayList<>();
        for (CheckView v : all) {
            String latency = v.latencyMicros() < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f ms",
                    v.latencyMicros() / 1000.0);
            rows.add(List.of(v.id(), v.state(), latency, String.valueOf(v.transitions()), String.valueOf(v.failures()),
                    v.weight() < 0 ? "-" : String.valueOf(v.weight()), v.lastResult()));
            model.add(toMap(v));
        }
        print(model, out -> {
            if (rows.isEmpty()) {
                out.println("no health checks (etc/dsas-lb-checks.conf, written by lb:import-keepalived)");
            } else {
                table(out, List.of("CHECK", "STATE", "LATENCY", "TRANS", "FAILS", "WEIGHT", "LAST RESULT"), rows);
            }
        });
        return null;
    }

    static Map<String, Object> toMap(CheckView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("service", v.service());
        m.put("server", v.server());
        m.put("type", v.type());
        m.put("state", v.state());
        m.put("paused", v.paused());
        m.put("lastResult", v.lastResult());
        m.put("latencyMicros", v.latencyMicros());
        m.put("transitions", v.transitions());
        m.put("lastChange", v.lastChange() == null ? null : v.lastChange().toString());
        m.put("failures", v.failures());
        m.put("weight", v.weight());
        return m;
    }
}
