package org.dsas.metrics.collector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dsas.metrics.api.MetricHistory.SourceStatus;
import org.dsas.metrics.collector.xml.GangliaDocument;
import org.junit.jupiter.api.Test;

/** Polling: good, dead, hanging, oversized and garbage sources, each isolated from the others. */
class SourcePollerTest {

    private final Map<String, GangliaDocument> received = new ConcurrentHashMap<>();

    private SourcePoller poller(List<DataSourceSpec> specs, Duration timeout, long maxBytes) {
        return new SourcePoller(specs, timeout, maxBytes, (s, from, doc, at) -> {
            received.put(s.name(), doc);
            return "";
        });
    }

    private static SourceStatus status(SourcePoller p, String name) {
        return p.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits (no time limit asserted: the build's own timeout ends a test that never gets there). */
    private static void awaitPolls(SourcePoller p, String source, int n) throws InterruptedException {
        while (p.polls(source) < n) {
            Thread.sleep(20);
        }
    }

    @Test
    void aHangingSourceNeverStallsTheOthers() throws Exception {
        try (FakeSource good = FakeSource.answering(n -> FakeSource.capture(1_700_000_000L + 15L * n));
                FakeSource hang = FakeSource.hanging()) {
            // The hanging source's poll would last 10 minutes; the good one is polled every second meanwhile.
            SourcePoller p = poller(List.of(DataSourceSpec.parse("stuck 1 " + hang.address()),
                    DataSourceSpec.parse("good 1 " + good.address())), Duration.ofMinutes(10), 1 << 20);
            p.start();
            try {
                awaitPolls(p, "good", 3);
                assertEquals(0, p.polls("stuck"));
                assertEquals(1, hang.connections.get());
                SourceStatus s = status(p, "good");
                assertTrue(s.ok(), s.toString());
                assertTrue(s.detail().startsWith("ok 1 hosts in "), s.detail());
                assertEquals("dsas-test", received.get("good").clusters().get(0).name());
                assertEquals("not polled yet", status(p, "stuck").detail());
            } finally {
                p.close();
            }
        }
    }

    @Test
    void aHangingSourceTimesOut() throws Exception {
        try (FakeSource hang = FakeSource.hanging()) {
            SourcePoller p = poller(List.of(DataSourceSpec.parse("stuck " + hang.address())), Duration.ofMillis(300),
                    1 << 20);
            p.pollOnce(DataSourceSpec.parse("stuck " + hang.address()));
            SourceStatus s = status(p, "stuck");
            assertFalse(s.ok());
            assertEquals(hang.address() + ": no complete XML within 300 ms", s.detail());
            assertTrue(s.lastPollEpochSeconds() > 0);
        }
    }

    @Test
    void aSlowDripIsCutAtTheDeadline() throws Exception {
        // Sends a byte now and then: every read returns before a per-read timeout, the whole poll must not.
        try (FakeSource drip = FakeSource.answering(n -> {
            byte[] xml = FakeSource.capture(1);
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return java.util.Arrays.copyOf(xml, 200);
        })) {
            DataSourceSpec spec = DataSourceSpec.parse("drip " + drip.address());
            SourcePoller p = poller(List.of(spec), Duration.ofMillis(200), 1 << 20);
            p.pollOnce(spec);
            assertEquals(drip.address() + ": no complete XML within 200 ms", status(p, "drip").detail());
        }
    }

    @Test
    void oversizedXmlIsRefused() throws Exception {
        try (FakeSource big = FakeSource.answering(n -> FakeSource.capture(1))) {
            DataSourceSpec spec = DataSourceSpec.parse("big " + big.address());
            SourcePoller p = poller(List.of(spec), Duration.ofSeconds(30), 1000);
            p.pollOnce(spec);
            assertEquals(big.address() + ": XML larger than 1000 bytes", status(p, "big").detail());
            assertFalse(received.containsKey("big"));
        }
    }

    @Test
    void garbageIsBadXml() throws Exception {
        try (FakeSource junk = FakeSource.answering(n -> "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII))) {
            DataSourceSpec spec = DataSourceSpec.parse("junk " + junk.address());
            SourcePoller p = poller(List.of(spec), Duration.ofSeconds(30), 1 << 20);
            p.pollOnce(spec);
            SourceStatus s = status(p, "junk");
            assertFalse(s.ok());
            assertTrue(s.detail().startsWith(junk.address() + ": bad XML: "), s.detail());
        }
    }

    @Test
    void nextAddressWhenTheFirstIsDeadAndItStaysFirst() throws Exception {
        int dead = closedPort();
        try (FakeSource good = FakeSource.answering(n -> FakeSource.capture(1_700_000_000L + n))) {
            DataSourceSpec spec = DataSourceSpec.parse("pair 127.0.0.1:" + dead + " " + good.address());
            SourcePoller p = poller(List.of(spec), Duration.ofSeconds(30), 1 << 20);
            p.pollOnce(spec);
            assertEquals(good.address(), status(p, "pair").address());
            assertTrue(status(p, "pair").ok());
            p.pollOnce(spec);
            assertEquals(2, good.connections.get());
            assertTrue(status(p, "pair").ok());
        }
    }

    @Test
    void deadSourceSaysWhy() throws Exception {
        int dead = closedPort();
        DataSourceSpec spec = DataSourceSpec.parse("dead 127.0.0.1:" + dead);
        SourcePoller p = poller(List.of(spec), Duration.ofSeconds(5), 1 << 20);
        p.pollOnce(spec);
        SourceStatus s = status(p, "dead");
        assertFalse(s.ok());
        assertTrue(s.detail().startsWith("127.0.0.1:" + dead + ": connect: Connection refused"), s.detail());
    }
}
