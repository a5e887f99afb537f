package org.dsas.vrrp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.dsas.core.api.CachedFigures;
import org.dsas.core.api.MetricSource;
import org.dsas.vrrp.api.VrrpInstanceView;
import org.dsas.vrrp.api.VrrpService;
import org.dsas.vrrp.api.VrrpState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Owns the VRRP figures for the metrics capability (group "vrrp"): per instance its state as a number (so a
 * graph shows failovers) and the priority it advertises now. The instances are read at most every
 * {@link #MAX_AGE_SECONDS} s.
 */
@Component(service = MetricSource.class)
public class VrrpMetricSource implements MetricSource {

    static final int MAX_AGE_SECONDS = 5;

    private final VrrpService vrrp;
    private final CachedFigures cache;

    @Activate
    public VrrpMetricSource(@Reference VrrpService vrrp) {
        this(vrrp, System::nanoTime);
    }

    VrrpMetricSource(VrrpService vrrp, LongSupplier nanoTime) {
        this.vrrp = vrrp;
        this.cache = new CachedFigures(MAX_AGE_SECONDS, nanoTime);
    }

    @Override
    public String group() {
        return "vrrp";
    }

    @Override
    public List<Metric> collect() {
        return cache.get(() -> figures(vrrp.instances()));
    }

    /** The number a graph plots for a state: FAULT 0, INIT 1, BACKUP 2, MASTER 3 (higher: closer to serving). */
    static int number(VrrpState state) {
        return switch (state) {
            case FAULT -> 0;
            case INIT -> 1;
            case BACKUP -> 2;
            case MASTER -> 3;
        };
    }

    /** vrrp_state_&lt;instance&gt; and vrrp_priority_&lt;instance&gt; per instance. */
    static List<Metric> figures(List<VrrpInstanceView> instances) {
        List<Metric> out = new ArrayList<>();
        for (VrrpInstanceView v : instances) {
            String id = v.name().replaceAll("[^A-Za-z0-9_.-]", "_");
            out.add(Metric.gauge("vrrp_state_" + id, number(v.state()), "state",
                    "State of " + v.name() + ": 0 FAULT, 1 INIT, 2 BACKUP, 3 MASTER"));
            out.add(Metric.gauge("vrrp_priority_" + id, v.effectivePriority(), "priority",
                    "Priority " + v.name() + " advertises now (lower in maintenance)"));
        }
        return out;
    }
}
