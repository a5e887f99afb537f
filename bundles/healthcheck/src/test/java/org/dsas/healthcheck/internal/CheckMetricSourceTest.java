package org.dsas.healthcheck.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dsas.core.api.MetricSource.Metric;
import org.dsas.healthcheck.api.CheckService;
import org.dsas.healthcheck.api.CheckView;
import org.junit.jupiter.api.Test;

class CheckMetricSourceTest {

    static CheckView view(String server, String state, boolean paused, long latencyMicros) {
        String service = "TCP 10.0.0.1:80";
        return new CheckView(service + "/" + server + "/HTTP_GET", service, server, "HTTP_GET", state, paused,
                "ok", latencyMicros, 1, Instant.EPOCH, 0, 1);
    }

    static Map<String, Metric> byName(List<Metric> figures) {
        Map<String, Metric> m = new LinkedHashMap<>();
        figures.forEach(f -> m.put(f.name(), f));
        return m;
    }

    @Test
    void countsAndPerCheckStateAndLatency() {
        Map<String, Metric> f = byName(CheckMetricSource.figures(List.of(view("192.0.2.1:80", "UP", false, 1500),
                view("192.0.2.2:80", "DOWN", false, 3_000_000), view("192.0.2.3:80", "UP", true, -1))));
        assertEquals(1, f.get("check_up").value());
        assertEquals(1, f.get("check_down").value());
        assertEquals(1, f.get("check_paused").value());
        assertEquals(1, f.get("check_state_TCP_10.0.0.1_80_192.0.2.1_80_HTTP_GET").value());
        assertEquals(0, f.get("check_state_TCP_10.0.0.1_80_192.0.2.2_80_HTTP_GET").value());
        assertEquals(1.5, f.get("check_latency_TCP_10.0.0.1_80_192.0.2.1_80_HTTP_GET").value());
        assertEquals(3000, f.get("check_latency_TCP_10.0.0.1_80_192.0.2.2_80_HTTP_GET").value());
        assertFalse(f.containsKey("check_latency_TCP_10.0.0.1_80_192.0.2.3_80_HTTP_GET"), "no attempt yet");
    }

    @Test
    void theChecksAreReadAtMostOncePerMaxAge() {
        AtomicInteger reads = new AtomicInteger();
        List<CheckView> views = new ArrayList<>(List.of(view("192.0.2.1:80", "UP", false, 10)));
        CheckService service = new CheckService() {
            @Override
            public List<CheckView> checks() {
                reads.incrementAndGet();
                return List.copyOf(views);
            }

            @Override
            public List<String> runOnce(String server) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int pause(String server, boolean paused) {
                throw new UnsupportedOperationException();
            }
        };
        AtomicLong clock = new AtomicLong();
        CheckMetricSource source = new CheckMetricSource(service, clock::get);
        assertEquals(1, byName(source.collect()).get("check_up").value());
        views.set(0, view("192.0.2.1:80", "DOWN", false, 10));
        clock.set(CheckMetricSource.MAX_AGE_SECONDS * 1_000_000_000L - 1);
        assertEquals(1, byName(source.collect()).get("check_up").value(), "cached");
        clock.set(CheckMetricSource.MAX_AGE_SECONDS * 1_000_000_000L);
        assertEquals(0, byName(source.collect()).get("check_up").value());
        assertEquals(2, reads.get());
    }
}
