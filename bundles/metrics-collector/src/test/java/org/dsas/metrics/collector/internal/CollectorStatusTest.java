package org.dsas.metrics.collector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dsas.core.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metricsCollector section of dsas:status as --json shows it: camelCase keys, numbers as numbers. */
class CollectorStatusTest {

    @TempDir
    Path rrd;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void sectionOfARunningCollectorIsMachineReadable() throws Exception {
        try (FakeSource gmond = FakeSource.answering(n -> FakeSource.capture(CollectorTest.T0 + 15L * n))) {
            int xml = freePort();
            int interactive = freePort();
            Collector.Settings settings = new Collector.Settings(
                    List.of(DataSourceSpec.parse("\"dsas-test\" 1 " + gmond.address())), rrd, "grid-a", "http://a/",
                    "127.0.0.1", xml, interactive, Duration.ofSeconds(10), 1 << 20);
            try (Collector c = new Collector(settings)) {
                c.start();
                long deadline = System.currentTimeMillis() + 20_000;
                while (c.poller().polls("dsas-test") < 2 || c.lastWrites().isEmpty()) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new AssertionError("the collector never polled twice: " + c.sources());
                    }
                    Thread.sleep(50);
                }

                Map<?, ?> section = (Map<?, ?>) Json.parse(Json.write(MetricsCollectorComponent.status(c)));

                assertEquals(List.of(), Json.nonCamelCaseKeys(section, Set.of()), section.toString());
                assertEquals("running", section.get("state"));
                assertEquals(rrd.toString(), section.get("rrdDir"));
                assertEquals("127.0.0.1", section.get("bind"));
                assertEquals((long) c.xmlPort(), section.get("xmlPort"));
                assertEquals((long) c.interactivePort(), section.get("interactivePort"));
                Map<?, ?> source = (Map<?, ?>) ((List<?>) section.get("sources")).get(0);
                assertEquals("dsas-test", source.get("name"));
                assertEquals(true, source.get("ok"), source.toString());
                Instant.parse(source.get("lastPoll").toString());
                assertEquals(1L, section.get("clusters"));
                assertEquals(1L, section.get("hosts"));
                assertTrue(section.get("hostsUp") instanceof Long, section.toString());
                Instant.parse(section.get("lastPoll").toString());
                assertTrue((Long) section.get("lastWriteUpdates") > 0, section.toString());
                assertTrue(section.get("lastWriteMillis") instanceof Long, section.toString());
            }
        }
    }

    @Test
    void sectionOfAStoppedCollectorSaysSo() {
        MetricsCollectorComponent component = new MetricsCollectorComponent();
        Map<?, ?> section = (Map<?, ?>) Json.parse(Json.write(component.status()));
        assertEquals(List.of(), Json.nonCamelCaseKeys(section, Set.of()));
        assertEquals("stopped", section.get("state"));
        assertEquals("metricsCollector", component.section());
    }
}
