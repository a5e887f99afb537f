package org.dsas.metrics.sources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.dsas.core.api.MetricSource.Metric;

/**
 * Turns mod_status readings into the figures ganglia's apache_status plugin publishes, under its names: one
 * gauge per scoreboard state, busy/idle workers, uptime, CPU load, and the rates (requests and bytes per second)
 * from the counters' growth between two readings. Pure, no I/O.
 */
public final class ApacheFigures {

    /** Scoreboard character to ganglia's metric name and description (apache_status.py's table). */
    static final Map<Character, String[]> SCOREBOARD = new LinkedHashMap<>();

    static {
        SCOREBOARD.put('_', new String[] {"ap_waiting", "Waiting for connection"});
        SCOREBOARD.put('S', new String[] {"ap_starting", "Starting up"});
        SCOREBOARD.put('R', new String[] {"ap_reading_request", "Reading request"});
        SCOREBOARD.put('W', new String[] {"ap_sending_reply", "Sending reply"});
        SCOREBOARD.put('K', new String[] {"ap_keepalive", "Keepalive (read)"});
        SCOREBOARD.put('D', new String[] {"ap_dns_lookup", "DNS lookup"});
        SCOREBOARD.put('C', new String[] {"ap_closing", "Closing connection"});
        SCOREBOARD.put('L', new String[] {"ap_logging", "Logging"});
        SCOREBOARD.put('G', new String[] {"ap_gracefully_fin", "Gracefully finishing"});
        // ganglia names 'I' ap_idle although mod_status means "idle cleanup of worker" by it
        SCOREBOARD.put('I', new String[] {"ap_idle", "Idle cleanup of worker"});
        SCOREBOARD.put('.', new String[] {"ap_open_slot", "Open slot with no current process"});
    }

    private ApacheFigures() {
    }

    /**
     * The figures of {@code now}; the rates only when {@code before} is a reading of the same server run (its
     * counters did not go back, as they do after a restart) taken {@code seconds} earlier.
     */
    public static List<Metric> of(ServerStatus before, ServerStatus now, double seconds) {
        List<Metric> out = new ArrayList<>();
        Map<Character, Integer> counts = new LinkedHashMap<>();
        for (char c : now.scoreboard().toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        for (Map.Entry<Character, String[]> e : SCOREBOARD.entrySet()) {
            out.add(Metric.gauge(e.getValue()[0], counts.getOrDefault(e.getKey(), 0), "processes",
                    e.getValue()[1]));
        }
        add(out, now.number("BusyWorkers"), "ap_busy_workers", "threads", "Busy workers");
        add(out, now.number("IdleWorkers"), "ap_idle_workers", "threads", "Idle workers");
        add(out, now.number("CPULoad"), "ap_cpuload", "%", "CPU used by Apache (percent of one CPU)");
        add(out, now.uptimeSeconds(), "ap_uptime", "seconds", "Seconds since Apache (re)started");
        if (before != null && seconds > 0 && sameRun(before, now)) {
            OptionalDouble hits = growth(before, now, "Total Accesses");
            if (hits.isPresent()) {
                out.add(Metric.gauge("ap_rps", hits.getAsDouble() / seconds, "req/sec", "Requests per second"));
            }
            OptionalDouble kbytes = growth(before, now, "Total kBytes");
            if (kbytes.isPresent()) {
                out.add(Metric.gauge("ap_bytes", kbytes.getAsDouble() * 1024 / seconds, "bytes/sec",
                        "Bytes served per second"));
            }
        }
        return out;
    }

    private static boolean sameRun(ServerStatus before, ServerStatus now) {
        OptionalDouble a = before.uptimeSeconds();
        OptionalDouble b = now.uptimeSeconds();
        return a.isEmpty() || b.isEmpty() || b.getAsDouble() >= a.getAsDouble();
    }

    private static OptionalDouble growth(ServerStatus before, ServerStatus now, String key) {
        OptionalDouble a = before.number(key);
        OptionalDouble b = now.number(key);
        if (a.isEmpty() || b.isEmpty() || b.getAsDouble() < a.getAsDouble()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(b.getAsDouble() - a.getAsDouble());
    }

    private static void add(List<Metric> out, OptionalDouble v, String name, String units, String description) {
        if (v.isPresent()) {
            out.add(Metric.gauge(name, v.getAsDouble(), units, description));
        }
    }
}
