package org.dsas.metrics.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

import org.dsas.core.api.MetricSource.Metric;
import org.junit.jupiter.api.Test;

/** SHOW GLOBAL STATUS rows captured from MariaDB 10.11.19 (Debian 12) after one INSERT, SELECT, UPDATE, DELETE. */
class MysqlFiguresTest {

    static final GlobalStatus CAPTURED = Fixtures.globalStatus("show-global-status-mariadb-10.11.19.tsv");

    /** The captured rows with some variables moved on, as a later reading would have them. */
    static GlobalStatus later(Map<String, String> changes) {
        Map<String, String> rows = new HashMap<>(CAPTURED.rows());
        rows.putAll(changes);
        return new GlobalStatus(rows);
    }

    @Test
    void gaugesComeFromOneReading() {
        Map<String, Metric> f = Fixtures.byName(MysqlFigures.of(null, CAPTURED, 0, OptionalDouble.of(4096)));
        assertEquals(1, f.get("mysql_threads_connected").value());
        assertEquals(1, f.get("mysql_max_used_connections").value());
        assertEquals(3, f.get("mysql_uptime").value());
        // Innodb_buffer_pool_pages_free 839 x Innodb_page_size 16384
        assertEquals(839 * 16384.0, f.get("mysql_innodb_buffer_pool_free_bytes").value());
        assertEquals(4096, f.get("mysql_innodb_data_free_bytes").value());
        assertFalse(f.containsKey("mysql_questions"), "no rate from a single reading");
    }

    @Test
    void queriesAndTheQueryMixArePerSecondOverTheInterval() {
        GlobalStatus now = later(Map.of("Uptime", "13", "Questions", "108", "Com_select", "61", "Com_insert", "21",
                "Com_update", "11", "Com_delete", "6", "Slow_queries", "2", "Connections", "14"));
        Map<String, Metric> f = Fixtures.byName(MysqlFigures.of(CAPTURED, now, 10.0, OptionalDouble.empty()));
        // captured: Questions 8, Com_select/insert/update/delete 1 each, Slow_queries 0, Connections 4
        assertEquals(10.0, f.get("mysql_questions").value(), 1e-9);
        assertEquals(6.0, f.get("mysql_com_select").value(), 1e-9);
        assertEquals(2.0, f.get("mysql_com_insert").value(), 1e-9);
        assertEquals(1.0, f.get("mysql_com_update").value(), 1e-9);
        assertEquals(0.5, f.get("mysql_com_delete").value(), 1e-9);
        assertEquals(0.2, f.get("mysql_slow_queries").value(), 1e-9);
        assertEquals(1.0, f.get("mysql_connections").value(), 1e-9);
        assertFalse(f.containsKey("mysql_innodb_data_free_bytes"), "unknown free space is left out, not 0");
    }

    @Test
    void aRestartBetweenReadingsGivesNoRates() {
        GlobalStatus restarted = later(Map.of("Uptime", "1", "Questions", "2"));
        Map<String, Metric> f = Fixtures.byName(MysqlFigures.of(CAPTURED, restarted, 15, OptionalDouble.empty()));
        assertFalse(f.containsKey("mysql_questions"));
        assertTrue(f.containsKey("mysql_threads_connected"));
    }

    @Test
    void variableNamesAreMatchedWithoutCase() {
        GlobalStatus upper = new GlobalStatus(Map.of("THREADS_CONNECTED", "7"));
        assertEquals(7, Fixtures.byName(MysqlFigures.of(null, upper, 0, OptionalDouble.empty()))
                .get("mysql_threads_connected").value());
    }
}
