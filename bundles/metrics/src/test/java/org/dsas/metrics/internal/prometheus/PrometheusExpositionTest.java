package org.dsas.metrics.internal.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricValue;
import org.junit.jupiter.api.Test;

class PrometheusExpositionTest {

    private static final HostState GMOND = GmondCapture.host();

    private static Map<String, Double> samples(HostState host) {
        return ExpositionGrammar.parse(PrometheusExposition.format(host)).samples();
    }

    @Test
    void capturedGmondHostGetsNodeExporterNamesAndUnits() {
        Map<String, Double> s = samples(GMOND);
        assertEquals(0.85, s.get("node_load1{}"));
        assertEquals(1.06, s.get("node_load5{}"));
        assertEquals(0.73, s.get("node_load15{}"));
        assertEquals(24683620.0 * 1024, s.get("node_memory_MemTotal_bytes{}"));
        assertEquals(23654500.0 * 1024, s.get("node_memory_MemFree_bytes{}"));
        assertEquals(380440.0 * 1024, s.get("node_memory_Cached_bytes{}"));
        assertEquals(3516.0 * 1024, s.get("node_memory_Buffers_bytes{}"));
        assertEquals(0.0, s.get("node_memory_SwapTotal_bytes{}"));
        assertEquals(1795569071.0, s.get("node_boot_time_seconds{}"));
        assertEquals(2.0, s.get("node_procs_running{}"));
        assertEquals(270.553e9, s.get("node_filesystem_size_bytes{mountpoint=\"all\"}"), 1);
        assertEquals(84.659e9, s.get("node_filesystem_avail_bytes{mountpoint=\"all\"}"), 1);
        assertEquals(1.0, s.get("node_uname_info{nodename=\"192.0.2.1\",sysname=\"Linux\","
                + "release=\"6.18.44-fc-v782\",machine=\"x86_64\"}"));
        assertEquals(17.4, s.get("dsas_cpu_percent{mode=\"user\"}"));
        assertEquals(5.3, s.get("dsas_cpu_percent{mode=\"system\"}"));
        assertEquals(77.3, s.get("dsas_cpu_percent{mode=\"idle\"}"));
        assertEquals(0.0, s.get("dsas_cpu_percent{mode=\"iowait\"}"));
        // no node_exporter equivalent: kept under the ganglia name
        assertEquals(2.0, s.get("dsas_cpu_num{}"));
        assertEquals(2096.0, s.get("dsas_cpu_speed{}"));
        assertEquals(97.0, s.get("dsas_proc_total{}"));
        assertEquals(0.0, s.get("dsas_bytes_in{}"));
        assertEquals(95.0, s.get("dsas_cpu_aidle{}"));
        assertEquals(68.7, s.get("dsas_part_max_used{}"));
        assertEquals(1.0, s.get("dsas_gexec_info{value=\"OFF\"}"));
    }

    @Test
    void everyCapturedMetricIsExposedOnce() {
        Map<String, Double> s = samples(GMOND);
        // 32 gmond metrics: 3 strings fold into node_uname_info, 4 CPU modes into one family (4 series)
        assertEquals(32 - 3 + 1, s.size(), s.keySet().toString());
        assertFalse(s.keySet().stream().anyMatch(k -> k.startsWith("dsas_load_") || k.startsWith("dsas_mem_")
                || k.startsWith("dsas_os_") || k.startsWith("dsas_cpu_user")), s.keySet().toString());
    }

    @Test
    void typesFollowTheSlope() {
        var parsed = ExpositionGrammar.parse(PrometheusExposition.format(host(
                metric("lb_conns_TCP_10.0.0.1_80", "1234", "uint32", "positive", "Connections to TCP 10.0.0.1:80"),
                metric("vrrp_state_VI_1", "2", "uint8", "both", "VRRP state of VI_1"))));
        assertEquals("counter", parsed.types().get("dsas_lb_conns_TCP_10_0_0_1_80"));
        assertEquals(1234.0, parsed.samples().get("dsas_lb_conns_TCP_10_0_0_1_80{}"));
        assertEquals("gauge", parsed.types().get("dsas_vrrp_state_VI_1"));
        assertEquals("gauge", parsed.types().get("node_load1"));
    }

    @Test
    void helpAndLabelTextIsEscaped() {
        String text = PrometheusExposition.format(host(
                metric("ap_note", "say \"hi\" \\ bye\nnext", "string", "zero", "two\nlines \\ here")));
        var parsed = ExpositionGrammar.parse(text);
        assertTrue(text.contains("# HELP dsas_ap_note_info ganglia ap_note: two\\nlines \\\\ here"), text);
        assertEquals(1.0, parsed.samples().get("dsas_ap_note_info{value=\"say \\\"hi\\\" \\\\ bye\\nnext\"}"));
    }

    @Test
    void namesThatCollideAfterSanitisingAreWrittenOnce() {
        var parsed = ExpositionGrammar.parse(PrometheusExposition.format(host(
                metric("lb_rate_10.0.0.1", "1", "float", "both", "first"),
                metric("lb_rate_10_0_0_1", "2", "float", "both", "second"))));
        assertEquals(1.0, parsed.samples().get("dsas_lb_rate_10_0_0_1{}"));
    }

    @Test
    void valuesThatAreNotNumbersAreLeftOut() {
        var parsed = ExpositionGrammar.parse(PrometheusExposition.format(host(
                metric("ap_busy", "n/a", "float", "both", "busy"), metric("ap_idle", "3.5e-7", "double", "both", "x"))));
        assertFalse(parsed.samples().containsKey("dsas_ap_busy{}"));
        assertEquals(3.5e-7, parsed.samples().get("dsas_ap_idle{}"));
    }

    @Test
    void dropCountersAreOneCounterFamily() {
        var parsed = ExpositionGrammar.parse(PrometheusExposition.formatDrops(Map.of("too short", 3L, "bad type", 1L)));
        assertEquals("counter", parsed.types().get("dsas_metrics_xdr_dropped_total"));
        assertEquals(3.0, parsed.samples().get("dsas_metrics_xdr_dropped_total{reason=\"too short\"}"));
        assertEquals(1.0, parsed.samples().get("dsas_metrics_xdr_dropped_total{reason=\"bad type\"}"));
    }

    @Test
    void valuesAreGoFloats() {
        assertEquals("25276502016", PrometheusExposition.value(25276502016.0));
        assertEquals("0.85", PrometheusExposition.value(0.85));
        assertEquals("1.0e20", PrometheusExposition.value(1e20));
        assertEquals("-Inf", PrometheusExposition.value(Double.NEGATIVE_INFINITY));
    }

    @Test
    void theGrammarRejectsWhatPrometheusRejects() {
        // the checker must be able to fail, or the tests above prove nothing
        assertThrows(IllegalArgumentException.class, () -> ExpositionGrammar.parse("a.b 1\n"));
        assertThrows(IllegalArgumentException.class, () -> ExpositionGrammar.parse("a{x=\"1\"} one\n"));
        assertThrows(IllegalArgumentException.class, () -> ExpositionGrammar.parse("a{x=\"\"\"} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> ExpositionGrammar.parse("a 1\nb 1\na 2\n"));
        assertThrows(IllegalArgumentException.class, () -> ExpositionGrammar.parse("a 1\n# TYPE a gauge\n"));
        assertThrows(IllegalArgumentException.class, () -> ExpositionGrammar.parse("# TYPE a gauge\n# TYPE a gauge\n"));
        assertThrows(IllegalArgumentException.class, () -> ExpositionGrammar.parse("a 1"));
    }

    static HostState host(MetricValue... extra) {
        List<MetricValue> metrics = new ArrayList<>(GMOND.metrics());
        metrics.addAll(List.of(extra));
        return new HostState(GMOND.cluster(), GMOND.name(), GMOND.ip(), GMOND.reported(), GMOND.tn(), GMOND.tmax(),
                GMOND.dmax(), GMOND.location(), GMOND.gmondStarted(), metrics);
    }

    static MetricValue metric(String name, String value, String type, String slope, String description) {
        return new MetricValue(name, value, type, "", 5, 60, 0, slope, "gmetric", "test", description, name);
    }
}
