package org.dsas.metrics.collector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricHistory.Series;
import org.dsas.metrics.collector.xml.GangliaDocument;
import org.dsas.metrics.collector.xml.GangliaXmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole collector on loopback: polls a source, keeps history, serves it as gmetad does. */
class CollectorTest {

    static final long T0 = 1_700_000_010L - (1_700_000_010L % 15);

    @TempDir
    Path rrd;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static byte[] ask(int port, String request) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            if (request != null) {
                OutputStream out = s.getOutputStream();
                out.write((request + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            try (InputStream in = s.getInputStream()) {
                return in.readAllBytes();
            }
        }
    }

    @Test
    void pollsKeepsHistoryAndServesTheGrid() throws Exception {
        // Each poll is one 15 s step later on the source's clock, so every poll is a new RRD sample.
        try (FakeSource gmond = FakeSource.answering(n -> FakeSource.capture(T0 + 15L * n))) {
            Collector.Settings settings = new Collector.Settings(
                    List.of(DataSourceSpec.parse("\"dsas-test\" 1 " + gmond.address())), rrd, "grid-a", "http://a/",
                    "127.0.0.1", freePort(), freePort(), Duration.ofSeconds(10), 1 << 20);
            try (Collector c = new Collector(settings)) {
                c.start();
                while (c.poller().polls("dsas-test") < 4) {
                    Thread.sleep(50);
                }
                assertTrue(c.sources().get(0).ok(), c.sources().toString());
                assertEquals(List.of("dsas-test"), c.clusters());
                List<HostState> hosts = c.hosts("dsas-test");
                assertEquals(List.of("192.0.2.1"), hosts.stream().map(HostState::name).toList());
                assertTrue(c.metrics("dsas-test", "192.0.2.1").contains("load_one"));

                Series load = c.fetch("dsas-test", "192.0.2.1", "load_one", T0, T0 + 60);
                assertFalse(load.empty());
                assertEquals(15, load.step());
                for (int i = 0; i < load.values().length; i++) {
                    long t = load.start() + i * load.step();
                    if (t > T0 + 15 && t <= T0 + 45) {
                        assertEquals(0.85, load.values()[i], 1e-6, "load_one at " + t);
                    }
                }
                Series cpus = c.fetch("dsas-test", null, "cpu_num", T0, T0 + 60);
                assertFalse(cpus.empty());

                GangliaDocument grid = GangliaXmlParser.parse(new java.io.ByteArrayInputStream(ask(c.xmlPort(), null)));
                assertEquals("gmetad", grid.source());
                assertEquals(32, grid.clusters().get(0).hosts().get(0).metrics().size());

                String summary = new String(ask(c.interactivePort(), "/dsas-test?filter=summary"),
                        StandardCharsets.ISO_8859_1);
                assertTrue(summary.contains("<HOSTS UP=\"1\" DOWN=\"0\" SOURCE=\"gmetad\"/>"), summary);
                assertTrue(summary.contains("<METRICS NAME=\"load_one\" SUM=\"0.850000\" NUM=\"1\""), summary);
                String other = new String(ask(c.interactivePort(), "/no-such-cluster"), StandardCharsets.ISO_8859_1);
                assertFalse(other.contains("<CLUSTER"), other);
            }
        }
    }
}
