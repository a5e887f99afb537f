package org.dsas.itests.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricHistory;
import org.dsas.metrics.api.MetricValue;

/**
 * The collector's history the page is rendered from: cluster "dsas-web" polled for ten days, hosts web1 and web2
 * with a daily load cycle in every metric they report, and web3 that just appeared and has no history yet.
 */
final class TenDaysOfHistory implements MetricHistory {

    static final String CLUSTER = "dsas-web";
    private final long now;
    private final long historyStart;

    TenDaysOfHistory(long now) {
        this.now = now;
        this.historyStart = now - 10 * 86400;
    }

    /** Current value of each metric of a host with history, and its unit. */
    private static Map<String, double[]> current(String host) {
        double f = "web1".equals(host) ? 1 : 0.6;
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("load_one", new double[] {2.4 * f});
        m.put("load_five", new double[] {2.1 * f});
        m.put("cpu_num", new double[] {4});
        m.put("proc_run", new double[] {3 * f});
        m.put("cpu_user", new double[] {45 * f});
        m.put("cpu_system", new double[] {12 * f});
        m.put("cpu_nice", new double[] {1});
        m.put("cpu_wio", new double[] {3 * f});
        m.put("mem_total", new double[] {16_000_000});
        m.put("mem_free", new double[] {5_000_000 * f});
        m.put("mem_cached", new double[] {6_000_000});
        m.put("mem_buffers", new double[] {400_000});
        m.put("bytes_in", new double[] {2_500_000 * f});
        m.put("bytes_out", new double[] {9_000_000 * f});
        m.put("ap_busy_workers", new double[] {40 * f});
        m.put("ap_req_per_sec", new double[] {350 * f});
        return m;
    }

    @Override
    public List<SourceStatus> sources() {
        return List.of(new SourceStatus(CLUSTER, "192.0.2.1:8649", true, "ok 3 hosts in 4 ms", now - 7));
    }

    @Override
    public List<String> clusters() {
        return List.of(CLUSTER);
    }

    @Override
    public List<HostState> hosts(String cluster) {
        List<HostState> hosts = new ArrayList<>();
        for (String name : List.of("web1", "web2")) {
            List<MetricValue> metrics = new ArrayList<>();
            current(name).forEach((k, v) -> metrics.add(number(k, v[0])));
            metrics.add(new MetricValue("boottime", Long.toString(historyStart - 3600), "uint32", "s", 10, 1200, 0,
                    "zero", "gmond", "system", "The last time that the system was started", "Last Boot Time"));
            metrics.add(text("os_name", "Linux"));
            metrics.add(text("os_release", "6.1.0-28-amd64"));
            metrics.add(text("machine_type", "x86_64"));
            metrics.add(number("cpu_speed", 2096));
            hosts.add(new HostState(CLUSTER, name, "web1".equals(name) ? "192.0.2.11" : "192.0.2.12", now - 5, 5, 20,
                    0, "rack 1", historyStart, metrics));
        }
        hosts.add(new HostState(CLUSTER, "web3", "192.0.2.13", now - 3, 3, 20, 0, "rack 2", now - 20,
                List.of(number("load_one", 0.05), number("cpu_num", 2), text("os_name", "Linux"))));
        return hosts;
    }

    @Override
    public List<String> metrics(String cluster, String host) {
        if ("web3".equals(host)) {
            return List.of();
        }
        return List.copyOf(current(host == null ? "web1" : host).keySet());
    }

    @Override
    public Series fetch(String cluster, String host, String metric, long from, long to) {
        // ganglia's resolutions: 15 s for a day, 1 min for two weeks, 10 min beyond
        long span = to - from;
        long step = span <= 86400 ? 15 : span <= 14 * 86400 ? 60 : 600;
        int n = (int) (span / step) + 1;
        double[] values = new double[n];
        Arrays.fill(values, Double.NaN);
        if (!"web3".equals(host)) {
            double[] base;
            if (host == null) {
                base = new double[] {sum(metric)};
            } else {
                base = current(host).get(metric);
            }
            if (base != null && !Double.isNaN(base[0])) {
                for (int i = 0; i < n; i++) {
                    long t = from + i * step;
                    if (t >= historyStart && t <= now) {
                        double day = Math.sin((t % 86400) * 2 * Math.PI / 86400);
                        double minute = Math.sin((t % 900) * 2 * Math.PI / 900);
                        values[i] = base[0] * (1 + 0.35 * day + 0.1 * minute);
                    }
                }
            }
        }
        return new Series(cluster, host, metric, "", from, step, values);
    }

    private static double sum(String metric) {
        double[] a = current("web1").get(metric);
        double[] b = current("web2").get(metric);
        return a == null ? Double.NaN : a[0] + b[0];
    }

    private static MetricValue number(String name, double v) {
        return new MetricValue(name, Double.toString(v), "float", "", 5, 60, 0, "both", "gmond", "", "", "");
    }

    private static MetricValue text(String name, String v) {
        return new MetricValue(name, v, "string", "", 5, 1200, 0, "zero", "gmond", "", "", "");
    }
}
