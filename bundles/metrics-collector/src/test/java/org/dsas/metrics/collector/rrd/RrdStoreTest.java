package org.dsas.metrics.collector.rrd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricHistory.Series;
import org.dsas.metrics.api.MetricValue;
import org.dsas.metrics.collector.xml.ClusterSnapshot;
import org.dsas.metrics.collector.xml.GangliaXmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.Archive;
import org.rrd4j.core.Datasource;
import org.rrd4j.core.RrdDb;

/** RRDs as gmetad lays them out, written from polled clusters and read back. */
class RrdStoreTest {

    /** A time on the 15 s grid, so samples land on primary data points exactly. */
    static final long T0 = 1_700_000_010L - (1_700_000_010L % 15);

    @TempDir
    Path root;

    static MetricValue metric(String name, double value, String slope) {
        return new MetricValue(name, Double.toString(value), "float", "KB", 5, 60, 0, slope, "gmond", "g", "", "");
    }

    static HostState host(String name, int tn, MetricValue... metrics) {
        return new HostState("web", name, "192.0.2.1", T0, tn, 20, 0, "x", T0 - 100, List.of(metrics));
    }

    static ClusterSnapshot cluster(long localtime, HostState... hosts) {
        return new ClusterSnapshot("web", localtime, "o", "l", "u", List.of(hosts));
    }

    @Test
    void capturedGmondClusterGivesGmetadLayout() throws Exception {
        ClusterSnapshot c;
        try (InputStream in = getClass().getResourceAsStream("/captures/gmond-3.7.2-cluster.xml")) {
            c = GangliaXmlParser.parse(in).clusters().get(0);
        }
        RrdStore store = new RrdStore(root);
        RrdStore.WriteResult w = store.write(c);
        // 32 metrics, 4 of them strings: 28 host RRDs and 28 summaries.
        assertEquals(56, w.updates());
        assertEquals(0, w.failed());
        Path load = root.resolve("dsas-test/192.0.2.1/load_one.rrd");
        assertTrue(Files.exists(load));
        assertFalse(Files.exists(root.resolve("dsas-test/192.0.2.1/os_name.rrd")));
        assertTrue(Files.exists(root.resolve("dsas-test/__SummaryInfo__/load_one.rrd")));
        try (RrdDb db = RrdDb.getBuilder().setPath(load.toString()).readOnly().build()) {
            assertEquals(15, db.getHeader().getStep());
            assertEquals(1, db.getDsCount());
            Datasource sum = db.getDatasource(0);
            assertEquals("sum", sum.getName());
            assertEquals(DsType.GAUGE, sum.getType());
            assertEquals(120, sum.getHeartbeat());
            assertEquals(3, db.getArcCount());
            int[][] expected = {{1, 5856}, {4, 20160}, {40, 52704}};
            for (int i = 0; i < 3; i++) {
                Archive a = db.getArchive(i);
                assertEquals(ConsolFun.AVERAGE, a.getConsolFun());
                assertEquals(0.5, a.getXff());
                assertArrayEquals(expected[i], new int[] {a.getSteps(), a.getRows()});
            }
            assertEquals(1795576268L, db.getLastUpdateTime());
        }
        assertEquals(List.of("dsas-test"), store.clusters());
        assertEquals(List.of("192.0.2.1"), store.hosts("dsas-test"));
        assertTrue(store.metrics("dsas-test", "192.0.2.1").contains("load_one"));
        assertEquals(28, store.metrics("dsas-test", null).size());
    }

    @Test
    void valuesComeBackAtFifteenSeconds() {
        RrdStore store = new RrdStore(root);
        for (int i = 0; i <= 8; i++) {
            store.write(cluster(T0 + 15L * i, host("w1", 5, metric("load_one", i, "both"))));
        }
        Series s = store.fetch("web", "w1", "load_one", "", T0 + 15, T0 + 120);
        assertEquals(15, s.step());
        List<Double> got = new ArrayList<>();
        for (int i = 0; i < s.values().length; i++) {
            if (s.start() + i * s.step() >= T0 + 15 && s.start() + i * s.step() <= T0 + 120) {
                got.add(s.values()[i]);
            }
        }
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0), got);
    }

    @Test
    void positiveSlopeIsACounterStoredAsARate() throws Exception {
        RrdStore store = new RrdStore(root);
        for (int i = 0; i <= 6; i++) {
            // 300 more every 15 s: 20 per second
            store.write(cluster(T0 + 15L * i, host("w1", 5, metric("requests", 1000 + 300.0 * i, "positive"))));
        }
        try (RrdDb db = RrdDb.getBuilder().setPath(root.resolve("web/w1/requests.rrd").toString()).readOnly().build()) {
            assertEquals(DsType.COUNTER, db.getDatasource("sum").getType());
        }
        Series s = store.fetch("web", "w1", "requests", "", T0 + 30, T0 + 90);
        int checked = 0;
        for (int i = 0; i < s.values().length; i++) {
            long t = s.start() + i * s.step();
            if (t >= T0 + 30 && t <= T0 + 90) {
                assertEquals(20.0, s.values()[i], 1e-9, "rate at " + t);
                checked++;
            }
        }
        assertEquals(5, checked);
    }

    @Test
    void summaryIsTheSumOverHostsUpAndTheirNumber() throws Exception {
        RrdStore store = new RrdStore(root);
        for (int i = 0; i <= 4; i++) {
            store.write(cluster(T0 + 15L * i, host("w1", 5, metric("load_one", 1, "both")),
                    host("w2", 5, metric("load_one", 2.5, "both")), host("down", 500, metric("load_one", 40, "both"))));
        }
        // The down host still has its own history, but is not in the cluster's sum.
        assertTrue(Files.exists(root.resolve("web/down/load_one.rrd")));
        Series sum = store.fetch("web", null, "load_one", "", T0 + 15, T0 + 60);
        try (RrdDb db = RrdDb.getBuilder().setPath(root.resolve("web/__SummaryInfo__/load_one.rrd").toString())
                .readOnly().build()) {
            assertEquals(List.of("sum", "num"), List.of(db.getDsNames()));
            assertEquals(2.0, db.getLastDatasourceValue("num"));
            assertEquals(3.5, db.getLastDatasourceValue("sum"));
        }
        boolean any = false;
        for (int i = 0; i < sum.values().length; i++) {
            long t = sum.start() + i * sum.step();
            if (t >= T0 + 15 && t <= T0 + 60) {
                assertEquals(3.5, sum.values()[i], 1e-9);
                any = true;
            }
        }
        assertTrue(any);
    }

    @Test
    void theFinestArchiveThatCoversTheSpan() {
        assertEquals(15, RrdStore.resolution(3600));
        assertEquals(15, RrdStore.resolution(86_400));
        assertEquals(60, RrdStore.resolution(7 * 86_400));
        assertEquals(600, RrdStore.resolution(31 * 86_400));
        assertEquals(600, RrdStore.resolution(3 * 365 * 86_400L));
        RrdStore store = new RrdStore(root);
        store.write(cluster(T0, host("w1", 5, metric("load_one", 1, "both"))));
        assertEquals(60, store.fetch("web", "w1", "load_one", "", T0 - 7 * 86_400, T0).step());
        assertEquals(600, store.fetch("web", "w1", "load_one", "", T0 - 300 * 86_400, T0).step());
    }

    @Test
    void noHistoryIsAnEmptySeriesNotAFailure() {
        RrdStore store = new RrdStore(root);
        assertTrue(store.fetch("web", "nobody", "load_one", "", T0 - 3600, T0).empty());
        store.write(cluster(T0, host("w1", 5, metric("load_one", 1, "both"))));
        assertTrue(store.fetch("web", "w1", "load_one", "", T0 - 7200, T0 - 3600).empty());
        assertEquals(List.of(), store.metrics("web", "nobody"));
    }

    @Test
    void samePollTwiceIsSkippedNotFailed() {
        RrdStore store = new RrdStore(root);
        store.write(cluster(T0, host("w1", 5, metric("load_one", 1, "both"))));
        RrdStore.WriteResult again = store.write(cluster(T0, host("w1", 5, metric("load_one", 1, "both"))));
        assertEquals(0, again.failed());
        assertEquals(2, again.skipped());
    }

    @Test
    void hostileNamesStayUnderTheRoot() throws Exception {
        RrdStore store = new RrdStore(root.resolve("rrds"));
        ClusterSnapshot c = new ClusterSnapshot("../..", T0, "o", "l", "u",
                List.of(new HostState("../..", "/etc", "", T0, 5, 20, 0, "", 0,
                        List.of(metric("../../passwd", 1, "both")))));
        assertEquals(0, store.write(c).failed());
        try (var files = Files.walk(root)) {
            assertTrue(files.filter(Files::isRegularFile).allMatch(p -> p.startsWith(root.resolve("rrds"))));
        }
        assertTrue(Files.exists(root.resolve("rrds/_._../_etc/_._.._passwd.rrd")));
    }
}
