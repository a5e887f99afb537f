package org.dsas.lb.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.dsas.core.api.CachedFigures;
import org.dsas.core.api.MetricSource;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the load balancer's figures for the metrics capability (group "lb"): per virtual service its
 * connections (total and active now) and its traffic per second, from {@link LbService#read()}. The dataplane is
 * read at most every {@link #MAX_AGE_SECONDS} s, however often the metrics thread asks.
 */
@Component(service = MetricSource.class)
public class LbMetricSource implements MetricSource {

    static final int MAX_AGE_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(LbMetricSource.class);

    private final LbService lb;
    private final CachedFigures cache;
    private String lastError;

    @Activate
    public LbMetricSource(@Reference LbService lb) {
        this(lb, System::nanoTime);
    }

    LbMetricSource(LbService lb, LongSupplier nanoTime) {
        this.lb = lb;
        this.cache = new CachedFigures(MAX_AGE_SECONDS, nanoTime);
    }

    @Override
    public String group() {
        return "lb";
    }

    @Override
    public List<Metric> collect() {
        return cache.get(this::readDataplane);
    }

    /** The figures now; none (and one warning per new error) while the dataplane cannot be read. */
    private List<Metric> readDataplane() {
        try {
            List<Metric> figures = figures(lb.read());
            lastError = null;
            return figures;
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).equals(lastError)) {
                LOG.warn("lb metrics: cannot read the dataplane: {}", e.getMessage());
            }
            lastError = String.valueOf(e.getMessage());
            return List.of();
        }
    }

    /** Five figures per service, named after it: lb_conns_TCP_10.0.0.1_80, lb_active_conns_..., ... */
    static List<Metric> figures(List<ServiceState> services) {
        List<Metric> out = new ArrayList<>();
        for (ServiceState s : services) {
            String id = id(s.service().key());
            String name = s.service().key().toString();
            long active = 0;
            for (ServerState server : s.servers()) {
                active += server.activeConnections();
            }
            out.add(Metric.counter("lb_conns_" + id, s.counters().connections(), "connections",
                    "Connections scheduled by " + name));
            out.add(Metric.gauge("lb_active_conns_" + id, active, "connections",
                    "Active connections of " + name + " (all real servers)"));
            out.add(Metric.gauge("lb_cps_" + id, s.counters().connectionsPerSecond(), "conn/sec",
                    "New connections per second of " + name));
            out.add(Metric.gauge("lb_in_bytes_" + id, s.counters().inBytesPerSecond(), "bytes/sec",
                    "Bytes per second into " + name));
            out.add(Metric.gauge("lb_out_bytes_" + id, s.counters().outBytesPerSecond(), "bytes/sec",
                    "Bytes per second out of " + name));
        }
        return out;
    }

    /** "TCP 10.0.0.1:80" as a metric name part: TCP_10.0.0.1_80; "TCP [2001:db8::1]:80": TCP_2001_db8__1_80. */
    static String id(ServiceKey key) {
        return key.toString().replace("[", "").replace("]", "").replace(' ', '_').replace(':', '_');
    }
}
