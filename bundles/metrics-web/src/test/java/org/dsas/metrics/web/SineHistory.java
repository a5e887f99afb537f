package org.dsas.metrics.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricHistory;
import org.dsas.metrics.api.MetricValue;

/**
 * A collector's history for tests: cluster "web" with host "busy" (history of every metric it reports, a sine
 * around its current value) and host "fresh" (just appeared, no history yet).
 */
final class SineHistory implements MetricHistory {

    static final long NOW = 1_795_576_268L;
    static final Map<String, String> BUSY = Map.of("load_one", "1.5", "cpu_num", "4", "proc_run", "3",
            "cpu_user", "40", "cpu_system", "10", "mem_total", "8000000", "mem_free", "2000000", "bytes_in", "125000",
            "bytes_out", "250000", "ap_busy_workers", "12");

    @Override
    public List<SourceStatus> sources() {
        return List.of(new SourceStatus("web", "192.0.2.1:8649", true, "ok 2 hosts in 3 ms", NOW - 5));
    }

    @Override
    public List<String> clusters() {
        return List.of("web");
    }

    @Override
    public List<HostState> hosts(String cluster) {
        List<MetricValue> busy = new ArrayList<>();
        BUSY.forEach((k, v) -> busy.add(new MetricValue(k, v, "float", "", 5, 60, 0, "both", "gmond", "", "", "")));
        busy.add(new MetricValue("os_name", "Linux", "string", "", 5, 1200, 0, "zero", "gmond", "", "", ""));
        busy.add(new MetricValue("boottime", String.valueOf(NOW - 3 * 86400 - 3600), "uint32", "s", 5, 1200, 0, "zero",
                "gmond", "", "", ""));
        return List.of(new HostState("web", "busy", "192.0.2.1", NOW - 5, 5, 20, 0, "rack 1", NOW - 9000, busy),
                new HostState("web", "fresh", "192.0.2.2", NOW - 2, 2, 20, 0, "rack 2", NOW - 2,
                        List.of(new MetricValue("load_one", "0.1", "float", "", 2, 70, 0, "both", "gmond", "", "", ""))));
    }

    @Override
    public List<String> metrics(String cluster, String host) {
        return "fresh".equals(host) ? List.of() : List.copyOf(BUSY.keySet());
    }

    @Override
    public Series fetch(String cluster, String host, String metric, long from, long to) {
        long step = Math.max(15, (to - from) / 600);
        double[] values = new double[(int) ((to - from) / step) + 1];
        Arrays.fill(values, Double.NaN);
        String now = BUSY.get(metric);
        if (!"fresh".equals(host) && now != null) {
            double base = Double.parseDouble(now) * (host == null ? 2 : 1);
            for (int i = 0; i < values.length; i++) {
                values[i] = base * (1 + 0.3 * Math.sin(i * 2 * Math.PI / 120));
            }
        }
        return new Series(cluster, host, metric, "", from, step, values);
    }
}
