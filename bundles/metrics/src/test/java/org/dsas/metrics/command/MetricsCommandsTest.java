package org.dsas.metrics.command;

import static org.dsas.core.shell.ShellConsole.json;
import static org.dsas.core.shell.ShellConsole.linesPrintedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dsas.core.api.Json;
import org.dsas.metrics.api.ClusterView;
import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricSender;
import org.dsas.metrics.api.MetricValue;
import org.junit.jupiter.api.Test;

/** metrics:hosts, metrics:list, metrics:send: text, --json parsed, the one-line error. */
class MetricsCommandsTest {

    static MetricValue metric(String name, String value, String type, String units, int tn, String group) {
        return new MetricValue(name, value, type, units, tn, 60, 0, "both", "gmond", group, "", "");
    }

    /** Two hosts: this node (up, three metrics) and a real gmond that went silent (down). */
    private final ClusterView cluster = new ClusterView() {
        @Override
        public String cluster() {
            return "dsas";
        }

        @Override
        public List<HostState> hosts() {
            return List.of(
                    new HostState("dsas", "lb-1", "192.0.2.1", 1_700_000_000L, 5, 20, 0, "rack 1", 1_699_000_000L,
                            List.of(metric("load_one", "0.25", "float", " ", 5, "load"),
                                    metric("proc_total", "212", "uint32", "", 12, "process"),
                                    metric("os_name", "Linux", "string", "", 1200, "system"))),
                    new HostState("dsas", "gmond-7", "192.0.2.7", 1_699_999_000L, 900, 20, 0, "unspecified",
                            1_690_000_000L, List.of()));
        }

        @Override
        public Map<String, Long> drops() {
            return Map.of();
        }
    };

    private MetricsHosts hosts() {
        MetricsHosts h = new MetricsHosts();
        h.cluster = cluster;
        return h;
    }

    private MetricsList list(String host) {
        MetricsList l = new MetricsList();
        l.cluster = cluster;
        l.host = host;
        return l;
    }

    @Test
    void hostsIsATableWithUpOrDownAndHowLongAgoEachWasHeard() throws Exception {
        assertEquals(List.of(
                "cluster dsas",
                "HOST     IP         STATE  HEARD     METRICS  LOCATION",
                "lb-1     192.0.2.1  up     5s ago    3        rack 1",
                "gmond-7  192.0.2.7  DOWN   900s ago  0        unspecified"), linesPrintedBy(hosts()::execute));
    }

    @Test
    void hostsJsonHasCamelCaseKeysAndNumbersAsNumbers() throws Exception {
        List<String> lines = linesPrintedBy(json(hosts())::execute);

        assertEquals(1, lines.size(), lines.toString());
        Map<?, ?> out = (Map<?, ?>) Json.parse(lines.get(0));
        assertEquals(List.of(), Json.nonCamelCaseKeys(out, Set.of()));
        assertEquals(List.of("cluster", "hosts"), List.copyOf(out.keySet()));
        assertEquals("dsas", out.get("cluster"));
        Map<String, Object> lb1 = new LinkedHashMap<>();
        lb1.put("name", "lb-1");
        lb1.put("ip", "192.0.2.1");
        lb1.put("up", true);
        lb1.put("lastHeardSeconds", 5L);
        lb1.put("metrics", 3L);
        lb1.put("location", "rack 1");
        assertEquals(lb1, ((List<?>) out.get("hosts")).get(0));
        assertEquals(false, ((Map<?, ?>) ((List<?>) out.get("hosts")).get(1)).get("up"));
    }

    @Test
    void listIsATableOfEveryMetricOfOneHostOrAll() throws Exception {
        assertEquals(List.of(
                "HOST  METRIC      VALUE  UNITS  AGE    GROUP",
                "lb-1  load_one    0.25          5s     load",
                "lb-1  proc_total  212           12s    process",
                "lb-1  os_name     Linux         1200s  system"), linesPrintedBy(list("lb-1")::execute));
        assertEquals(4, linesPrintedBy(list(null)::execute).size(), "the silent host has no metrics to list");
        assertEquals(List.of("HOST  METRIC  VALUE  UNITS  AGE  GROUP"), linesPrintedBy(list("gmond-7")::execute));
    }

    @Test
    void listJsonGivesNumericValuesAsNumbersAndStringsAsStrings() throws Exception {
        List<String> lines = linesPrintedBy(json(list("lb-1"))::execute);

        assertEquals(1, lines.size(), lines.toString());
        List<?> out = (List<?>) Json.parse(lines.get(0));
        assertEquals(List.of(), Json.nonCamelCaseKeys(out, Set.of()));
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("host", "lb-1");
        load.put("name", "load_one");
        load.put("value", 0.25);
        load.put("units", "");
        load.put("ageSeconds", 5L);
        load.put("group", "load");
        assertEquals(load, out.get(0));
        assertEquals(212L, ((Map<?, ?>) out.get(1)).get("value"));
        assertEquals("Linux", ((Map<?, ?>) out.get(2)).get("value"));
    }

    @Test
    void listOfAnUnknownHostIsOneLine() throws Exception {
        assertEquals(List.of("metrics:list: no host db-9 in cluster dsas"), linesPrintedBy(list("db-9")::execute));
        assertEquals(List.of("metrics:list: no host db-9 in cluster dsas"),
                linesPrintedBy(json(list("db-9"))::execute));
    }

    @Test
    void sendPassesEveryOptionOnAndPrintsWhatItSentOrTheRefusal() throws Exception {
        List<String> sent = new ArrayList<>();
        MetricSender sender = (name, value, type, units, slope, tmax, dmax, group, description) -> {
            if (type.equals("int8") && Integer.parseInt(value) > 127) {
                throw new IllegalArgumentException("value " + value + " is not an int8 (-128..127)");
            }
            sent.add(String.join(" ", name, value, type, units, slope, String.valueOf(tmax), String.valueOf(dmax),
                    group, String.valueOf(description)));
        };
        MetricsSend plain = new MetricsSend();
        plain.sender = sender;
        plain.name = "queue_depth";
        plain.value = "17";
        assertEquals(List.of("sent queue_depth = 17"), linesPrintedBy(plain::execute));
        MetricsSend full = new MetricsSend();
        full.sender = sender;
        full.name = "temp";
        full.value = "41.5";
        full.type = "float";
        full.units = "C";
        full.group = "env";
        full.slope = "zero";
        full.tmax = 120;
        full.dmax = 600;
        assertEquals(List.of("sent temp = 41.5 C"), linesPrintedBy(full::execute));
        MetricsSend bad = new MetricsSend();
        bad.sender = sender;
        bad.name = "tiny";
        bad.value = "300";
        bad.type = "int8";
        assertEquals(List.of("metrics:send: value 300 is not an int8 (-128..127)"), linesPrintedBy(bad::execute));
        assertEquals(List.of("queue_depth 17 double  both 60 0  null", "temp 41.5 float C zero 120 600 env null"),
                sent);
    }
}
