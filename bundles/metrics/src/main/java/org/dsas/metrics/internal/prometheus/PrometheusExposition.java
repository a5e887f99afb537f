package org.dsas.metrics.internal.prometheus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricValue;

/**
 * Owns the translation of one host's ganglia metrics into Prometheus text exposition format 0.0.4. Where
 * node_exporter has a metric for the same figure the user gets node_exporter's name and unit (bytes, seconds);
 * everything else is {@code dsas_<ganglia name>} so nothing the agent knows is hidden. Pure: no I/O.
 */
public final class PrometheusExposition {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern NOT_NAME = Pattern.compile("[^a-zA-Z0-9_:]");
    private static final double KIB = 1024;
    // gmond's disk_total/disk_free are in units of 10^9 bytes (270.553 "GB" for a 270553174016-byte disk).
    private static final double GANGLIA_GB = 1e9;

    /** A ganglia metric that node_exporter also has, with the factor to node_exporter's unit. */
    private record NodeName(String name, String help, double factor, String labels) {
    }

    private static final Map<String, NodeName> NODE_NAMES = new LinkedHashMap<>();

    static {
        NODE_NAMES.put("load_one", new NodeName("node_load1", "1m load average.", 1, ""));
        NODE_NAMES.put("load_five", new NodeName("node_load5", "5m load average.", 1, ""));
        NODE_NAMES.put("load_fifteen", new NodeName("node_load15", "15m load average.", 1, ""));
        memory("mem_total", "MemTotal");
        memory("mem_free", "MemFree");
        memory("mem_available", "MemAvailable");
        memory("mem_cached", "Cached");
        memory("mem_buffers", "Buffers");
        memory("mem_shared", "Shmem");
        memory("swap_total", "SwapTotal");
        memory("swap_free", "SwapFree");
        NODE_NAMES.put("boottime", new NodeName("node_boot_time_seconds", "Node boot time, in unixtime.", 1, ""));
        NODE_NAMES.put("proc_run", new NodeName("node_procs_running",
                "Number of processes in runnable state.", 1, ""));
        // ganglia sums all local filesystems into one figure; the label says so instead of naming a mount point.
        NODE_NAMES.put("disk_total", new NodeName("node_filesystem_size_bytes",
                "Filesystem size in bytes (sum of all local filesystems, gmond disk_total).", GANGLIA_GB,
                "mountpoint=\"all\""));
        NODE_NAMES.put("disk_free", new NodeName("node_filesystem_avail_bytes",
                "Filesystem space available to non-root users in bytes (sum of all local filesystems, gmond"
                        + " disk_free).", GANGLIA_GB, "mountpoint=\"all\""));
    }

    private static void memory(String ganglia, String meminfo) {
        NODE_NAMES.put(ganglia, new NodeName("node_memory_" + meminfo + "_bytes",
                "Memory information field " + meminfo + "_bytes.", KIB, ""));
    }

    /**
     * ganglia's CPU figures are percentages of the last interval, not node_exporter's cumulative seconds, so they
     * become one gauge family with node_exporter's mode names.
     */
    private static final Map<String, String> CPU_MODES = new LinkedHashMap<>();

    static {
        CPU_MODES.put("cpu_user", "user");
        CPU_MODES.put("cpu_nice", "nice");
        CPU_MODES.put("cpu_system", "system");
        CPU_MODES.put("cpu_idle", "idle");
        CPU_MODES.put("cpu_wio", "iowait");
        CPU_MODES.put("cpu_intr", "irq");
        CPU_MODES.put("cpu_sintr", "softirq");
        CPU_MODES.put("cpu_steal", "steal");
    }

    /** Strings that make node_uname_info's labels, by node_exporter's label name. */
    private static final Map<String, String> UNAME_LABELS = Map.of("os_name", "sysname", "os_release", "release",
            "machine_type", "machine");

    private PrometheusExposition() {
    }

    /** The exposition of one host: every numeric metric once, string metrics as info gauges. */
    public static String format(HostState host) {
        StringBuilder out = new StringBuilder(4096);
        Set<String> written = new HashSet<>();

        for (Map.Entry<String, NodeName> e : NODE_NAMES.entrySet()) {
            host.metric(e.getKey()).ifPresent(m -> {
                double v = m.number();
                if (!Double.isNaN(v)) {
                    NodeName n = e.getValue();
                    family(out, n.name(), n.help(), "gauge");
                    sample(out, n.name(), n.labels(), v * n.factor());
                    written.add(n.name());
                }
            });
        }

        List<String[]> cpu = new ArrayList<>();
        for (Map.Entry<String, String> e : CPU_MODES.entrySet()) {
            host.metric(e.getKey()).filter(m -> !Double.isNaN(m.number()))
                    .ifPresent(m -> cpu.add(new String[] {e.getValue(), value(m.number())}));
        }
        if (!cpu.isEmpty()) {
            family(out, "dsas_cpu_percent", "Share of CPU time per mode over gmond's last interval (0-100).",
                    "gauge");
            for (String[] c : cpu) {
                out.append("dsas_cpu_percent{mode=\"").append(c[0]).append("\"} ").append(c[1]).append('\n');
            }
            written.add("dsas_cpu_percent");
        }

        StringBuilder uname = new StringBuilder("nodename=\"").append(label(host.name())).append('"');
        boolean unameSeen = false;
        for (String ganglia : List.of("os_name", "os_release", "machine_type")) {
            var m = host.metric(ganglia);
            if (m.isPresent()) {
                uname.append(',').append(UNAME_LABELS.get(ganglia)).append("=\"").append(label(m.get().value()))
                        .append('"');
                unameSeen = true;
            }
        }
        if (unameSeen) {
            family(out, "node_uname_info", "Labeled system information as provided by the uname system call.",
                    "gauge");
            sample(out, "node_uname_info", uname.toString(), 1);
            written.add("node_uname_info");
        }

        for (MetricValue m : host.metrics()) {
            String g = m.name();
            if (NODE_NAMES.containsKey(g) || CPU_MODES.containsKey(g) || UNAME_LABELS.containsKey(g)) {
                continue;
            }
            String name = "dsas_" + NOT_NAME.matcher(g).replaceAll("_");
            if ("string".equals(m.type())) {
                name = name + "_info";
                if (!written.add(name)) {
                    continue; // two ganglia names that differ only in characters Prometheus forbids: first wins
                }
                family(out, name, help(m) + " (string metric; the value is the label)", "gauge");
                sample(out, name, "value=\"" + label(m.value()) + "\"", 1);
                continue;
            }
            double v = m.number();
            if (Double.isNaN(v) || !written.add(name)) {
                continue;
            }
            family(out, name, help(m), "positive".equals(m.slope()) ? "counter" : "gauge");
            sample(out, name, "", v);
        }
        return out.toString();
    }

    /** The agent's receive drop counters ({@link org.dsas.metrics.api.ClusterView#drops()}) as one counter family. */
    public static String formatDrops(Map<String, Long> drops) {
        StringBuilder out = new StringBuilder();
        family(out, "dsas_metrics_xdr_dropped_total", "XDR packets the agent dropped, per reason.", "counter");
        new java.util.TreeMap<>(drops).forEach((reason, n) -> sample(out, "dsas_metrics_xdr_dropped_total",
                "reason=\"" + label(reason) + "\"", n));
        return out.toString();
    }

    /**
     * The connections this node's listeners refused: listener name, then reason label (slow, garbage, oversized,
     * too_many_connections), then count.
     */
    public static String formatRejections(Map<String, Map<String, Long>> byListener) {
        StringBuilder out = new StringBuilder();
        family(out, "dsas_listener_rejected_total", "Connections a DSAS listener closed before or instead of"
                + " answering, per listener and reason.", "counter");
        new java.util.TreeMap<>(byListener).forEach((listener, reasons) -> reasons.forEach((reason, n) ->
                sample(out, "dsas_listener_rejected_total", "listener=\"" + label(listener) + "\",reason=\""
                        + label(reason) + "\"", n)));
        return out.toString();
    }

    private static String help(MetricValue m) {
        String text = m.description() == null || m.description().isBlank()
                ? (m.title() == null || m.title().isBlank() ? m.name() : m.title()) : m.description();
        String units = m.units() == null ? "" : m.units().trim();
        return "ganglia " + m.name() + ": " + text + (units.isEmpty() ? "" : " (" + units + ")");
    }

    private static void family(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double v) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(value(v)).append('\n');
    }

    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toUpperCase(Locale.ROOT).replace("E", "e");
    }

    private static String label(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
