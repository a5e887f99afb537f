package org.dsas.metrics.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import org.dsas.core.api.MetricSource.Metric;

/**
 * Turns {@code SHOW GLOBAL STATUS} readings into the figures of group "mysql": connections now and at most,
 * queries per second (Questions), the query mix (Com_select/insert/update/delete per second), slow queries per
 * second, InnoDB buffer-pool free space and uptime. Counters become rates from their growth between two readings
 * of the same server run (Uptime did not go back). Pure, no I/O.
 */
public final class MysqlFigures {

    /** Status counter, metric name, description: published as per-second rates. */
    private static final String[][] RATES = {
        {"Questions", "mysql_questions", "Statements from clients per second"},
        {"Com_select", "mysql_com_select", "SELECT statements per second"},
        {"Com_insert", "mysql_com_insert", "INSERT statements per second"},
        {"Com_update", "mysql_com_update", "UPDATE statements per second"},
        {"Com_delete", "mysql_com_delete", "DELETE statements per second"},
        {"Slow_queries", "mysql_slow_queries", "Queries slower than long_query_time per second"},
        {"Connections", "mysql_connections", "Connection attempts per second"},
    };

    private MysqlFigures() {
    }

    /**
     * The figures of {@code now}; rates when {@code before} was read {@code seconds} earlier from the same run;
     * {@code dataFreeBytes}, when known, is the InnoDB tablespaces' free space (information_schema DATA_FREE).
     */
    public static List<Metric> of(GlobalStatus before, GlobalStatus now, double seconds, OptionalDouble dataFreeBytes) {
        List<Metric> out = new ArrayList<>();
        gauge(out, now.number("Threads_connected"), "mysql_threads_connected", "connections", "Open connections");
        gauge(out, now.number("Max_used_connections"), "mysql_max_used_connections", "connections",
                "Most connections open at once since the server started");
        gauge(out, now.number("Threads_running"), "mysql_threads_running", "threads", "Threads not sleeping");
        gauge(out, now.number("Uptime"), "mysql_uptime", "seconds", "Seconds since the server started");
        OptionalDouble pagesFree = now.number("Innodb_buffer_pool_pages_free");
        OptionalDouble pageSize = now.number("Innodb_page_size");
        if (pagesFree.isPresent()) {
            // servers before MySQL 5.6 / MariaDB 10.0 omit Innodb_page_size; 16 KiB was their only page size
            double size = pageSize.isPresent() ? pageSize.getAsDouble() : 16384;
            out.add(Metric.gauge("mysql_innodb_buffer_pool_free_bytes", pagesFree.getAsDouble() * size, "bytes",
                    "InnoDB buffer pool: bytes in free pages"));
        }
        gauge(out, dataFreeBytes, "mysql_innodb_data_free_bytes", "bytes",
                "InnoDB tablespaces: allocated but unused bytes (information_schema.TABLES DATA_FREE)");
        if (before != null && seconds > 0 && sameRun(before, now)) {
            for (String[] r : RATES) {
                OptionalDouble a = before.number(r[0]);
                OptionalDouble b = now.number(r[0]);
                if (a.isPresent() && b.isPresent() && b.getAsDouble() >= a.getAsDouble()) {
                    out.add(Metric.gauge(r[1], (b.getAsDouble() - a.getAsDouble()) / seconds, "per sec", r[2]));
                }
            }
        }
        return out;
    }

    private static boolean sameRun(GlobalStatus before, GlobalStatus now) {
        OptionalDouble a = before.number("Uptime");
        OptionalDouble b = now.number("Uptime");
        return a.isEmpty() || b.isEmpty() || b.getAsDouble() >= a.getAsDouble();
    }

    private static void gauge(List<Metric> out, OptionalDouble v, String name, String units, String description) {
        if (v.isPresent()) {
            out.add(Metric.gauge(name, v.getAsDouble(), units, description));
        }
    }
}
