package org.dsas.metrics.collector.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricValue;
import org.dsas.metrics.collector.xml.GridXmlWriter.Query;
import org.junit.jupiter.api.Test;

/** gmetad's XML as we serve it: structure, queries, summaries, hostile names. */
class GridXmlWriterTest {

    static byte[] bytes(String resource) throws IOException {
        try (InputStream in = GridXmlWriterTest.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    static MetricValue metric(String name, String value) {
        return new MetricValue(name, value, "float", " ", 5, 70, 0, "both", "gmond", "load", "", "");
    }

    static HostState host(String name, int tn, MetricValue... metrics) {
        return new HostState("c1", name, "192.0.2.9", 100, tn, 20, 0, "rack 1", 50, List.of(metrics));
    }

    private static String write(List<ClusterSnapshot> clusters, Query q) throws IOException {
        StringBuilder b = new StringBuilder();
        GridXmlWriter.write(b, "grid", "http://collector/", 1000, clusters, q);
        return b.toString();
    }

    @Test
    void queriesOfTheInteractivePort() {
        assertEquals(new Query(null, null, false), Query.parse("/"));
        assertEquals(new Query(null, null, false), Query.parse(""));
        assertEquals(new Query("web", null, false), Query.parse("/web\r"));
        assertEquals(new Query("web", "w1", false), Query.parse("/web/w1"));
        assertEquals(new Query("web", null, true), Query.parse("/web?filter=summary"));
        assertEquals(new Query(null, null, true), Query.parse("/?filter=summary"));
    }

    @Test
    void summarySumsTheHostsThatAreUp() throws Exception {
        ClusterSnapshot c = new ClusterSnapshot("c1", 1000, "o", "l", "u", List.of(
                host("up1", 5, metric("load_one", "0.5")), host("up2", 10, metric("load_one", "1.25")),
                host("down", 80, metric("load_one", "9"))));
        String xml = write(List.of(c), Query.parse("/c1?filter=summary"));
        assertTrue(xml.contains("<HOSTS UP=\"2\" DOWN=\"1\" SOURCE=\"gmetad\"/>"), xml);
        assertTrue(xml.contains("<METRICS NAME=\"load_one\" SUM=\"1.750000\" NUM=\"2\" TYPE=\"double\""), xml);
        assertFalse(xml.contains("<HOST "), xml);
    }

    @Test
    void oneHostOfOneCluster() throws Exception {
        ClusterSnapshot c1 = new ClusterSnapshot("c1", 1000, "o", "l", "u",
                List.of(host("a", 5, metric("load_one", "1")), host("b", 5, metric("load_one", "2"))));
        ClusterSnapshot c2 = new ClusterSnapshot("c2", 1000, "o", "l", "u", List.of(host("a", 5)));
        GangliaDocument doc = GangliaXmlParser.parse(new ByteArrayInputStream(
                write(List.of(c1, c2), Query.parse("/c1/b")).getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(1, doc.clusters().size());
        assertEquals("c1", doc.clusters().get(0).name());
        assertEquals(List.of("b"), doc.clusters().get(0).hosts().stream().map(HostState::name).toList());
    }

    @Test
    void hostileNamesStayInsideTheirAttribute() throws Exception {
        String name = "x\" /><HOST NAME=\"evil&<>\u00e9\u4e2d";
        ClusterSnapshot c = new ClusterSnapshot("c1", 1000, "o", "l", "u", List.of(host(name, 5)));
        byte[] xml = write(List.of(c), Query.ALL).getBytes(StandardCharsets.ISO_8859_1);
        GangliaDocument doc = GangliaXmlParser.parse(new ByteArrayInputStream(xml));
        assertEquals(List.of(name), doc.clusters().get(0).hosts().stream().map(HostState::name).toList());
    }
}
