package org.dsas.healthcheck.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.dsas.core.api.CachedFigures;
import org.dsas.core.api.MetricSource;
import org.dsas.healthcheck.api.CheckService;
import org.dsas.healthcheck.api.CheckView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Owns the health checks' figures for the metrics capability (group "check", as the shell scope): how many
 * checks are up, down and paused, and per check its state and the latency of its last attempt. The checks are
 * read at most every {@link #MAX_AGE_SECONDS} s.
 */
@Component(service = MetricSource.class)
public class CheckMetricSource implements MetricSource {

    static final int MAX_AGE_SECONDS = 5;

    private final CheckService checks;
    private final CachedFigures cache;

    @Activate
    public CheckMetricSource(@Reference CheckService checks) {
        this(checks, System::nanoTime);
    }

    CheckMetricSource(CheckService checks, LongSupplier nanoTime) {
        this.checks = checks;
        this.cache = new CachedFigures(MAX_AGE_SECONDS, nanoTime);
    }

    @Override
    public String group() {
        return "check";
    }

    @Override
    public List<Metric> collect() {
        return cache.get(() -> figures(checks.checks()));
    }

    /** check_up/down/paused, then per check check_state_&lt;id&gt; (1 up, 0 down) and check_latency_&lt;id&gt;. */
    static List<Metric> figures(List<CheckView> views) {
        int up = 0;
        int down = 0;
        int paused = 0;
        List<Metric> each = new ArrayList<>();
        for (CheckView v : views) {
            boolean isUp = "UP".equals(v.state());
            if (v.paused()) {
                paused++;
            } else if (isUp) {
                up++;
            } else {
                down++;
            }
            String id = id(v.id());
            each.add(Metric.gauge("check_state_" + id, isUp ? 1 : 0, "up", "1 while " + v.id() + " passes"));
            if (v.latencyMicros() >= 0) {
                each.add(Metric.gauge("check_latency_" + id, v.latencyMicros() / 1000.0, "ms",
                        "Latency of the last attempt of " + v.id()));
            }
        }
        List<Metric> out = new ArrayList<>();
        out.add(Metric.gauge("check_up", up, "checks", "Checks passing (paused ones not counted)"));
        out.add(Metric.gauge("check_down", down, "checks", "Checks failing (paused ones not counted)"));
        out.add(Metric.gauge("check_paused", paused, "checks", "Checks paused by the operator"));
        out.addAll(each);
        return out;
    }

    /** "TCP 10.0.0.1:80/192.0.2.1:80/HTTP_GET" as a metric name part: TCP_10.0.0.1_80_192.0.2.1_80_HTTP_GET. */
    static String id(String checkId) {
        return checkId.replace("[", "").replace("]", "").replaceAll("[ :/]", "_");
    }
}
