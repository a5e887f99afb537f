package org.dsas.metrics.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.dsas.core.api.MetricSource.Metric;
import org.junit.jupiter.api.Test;

/** mod_status output captured from Apache 2.4.71 (Debian, mpm_event, apache2 -X) right after start and 4 s later. */
class ApacheFiguresTest {

    static final ServerStatus START = ServerStatus.parse(Fixtures.text("server-status-auto-2.4.71-start.txt"));
    static final ServerStatus LATER = ServerStatus.parse(
            Fixtures.text("server-status-auto-2.4.71-after-45-requests.txt"));

    @Test
    void scoreboardIsCountedPerStateUnderGangliasNames() {
        Map<String, Metric> f = Fixtures.byName(ApacheFigures.of(null, START, 0));
        // "______W__________________" then 375 '.': 24 waiting, 1 sending (the status request itself)
        assertEquals(24, f.get("ap_waiting").value());
        assertEquals(1, f.get("ap_sending_reply").value());
        assertEquals(375, f.get("ap_open_slot").value());
        for (String zero : new String[] {"ap_starting", "ap_reading_request", "ap_keepalive", "ap_dns_lookup",
            "ap_closing", "ap_logging", "ap_gracefully_fin", "ap_idle"}) {
            assertEquals(0, f.get(zero).value(), zero);
        }
        assertEquals(1, f.get("ap_busy_workers").value());
        assertEquals(24, f.get("ap_idle_workers").value());
        assertEquals(1, f.get("ap_uptime").value());
        assertFalse(f.get("ap_waiting").counter());
    }

    @Test
    void firstReadingHasNoRatesSinceNothingToCompareWith() {
        Map<String, Metric> f = Fixtures.byName(ApacheFigures.of(null, START, 0));
        assertFalse(f.containsKey("ap_rps"), f.keySet().toString());
        assertFalse(f.containsKey("ap_bytes"));
        // CPULoad is missing from mod_status while Apache has used no CPU yet
        assertFalse(f.containsKey("ap_cpuload"));
    }

    @Test
    void ratesComeFromTheCountersGrowthOverTheInterval() {
        Map<String, Metric> f = Fixtures.byName(ApacheFigures.of(START, LATER, 4.0));
        // Total Accesses 3 -> 45, Total kBytes 0 -> 8021
        assertEquals(42 / 4.0, f.get("ap_rps").value(), 1e-9);
        assertEquals(8021 * 1024 / 4.0, f.get("ap_bytes").value(), 1e-6);
        assertEquals(0.2, f.get("ap_cpuload").value(), 1e-9);
        assertEquals(5, f.get("ap_uptime").value());
        assertEquals("req/sec", f.get("ap_rps").units());
    }

    @Test
    void aRestartBetweenReadingsGivesNoRateRatherThanANegativeOne() {
        Map<String, Metric> f = Fixtures.byName(ApacheFigures.of(LATER, START, 15));
        assertFalse(f.containsKey("ap_rps"));
        assertFalse(f.containsKey("ap_bytes"));
        assertTrue(f.containsKey("ap_waiting"), "the gauges still come");
    }

    @Test
    void anHtmlPageIsNotStatusOutput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerStatus.parse("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<title>404 Not Found"));
        assertTrue(e.getMessage().startsWith("not mod_status ?auto output"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void unknownScoreboardCharactersAreIgnored() {
        ServerStatus s = ServerStatus.parse("Total Accesses: 1\nScoreboard: _?W\n");
        Map<String, Metric> f = Fixtures.byName(ApacheFigures.of(null, s, 0));
        assertEquals(1, f.get("ap_waiting").value());
        assertEquals(1, f.get("ap_sending_reply").value());
    }
}
