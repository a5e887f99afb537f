package org.dsas.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.dsas.core.api.MetricSource.Metric;
import org.dsas.vrrp.api.VrrpInstanceView;
import org.dsas.vrrp.api.VrrpService;
import org.dsas.vrrp.api.VrrpState;
import org.junit.jupiter.api.Test;

class VrrpMetricSourceTest {

    static VrrpInstanceView view(String name, VrrpState state, int priority, int effective) {
        return new VrrpInstanceView(name, "eth0", 51, 3, state, priority, effective, 1000, List.of("192.0.2.100/24"),
                null, effective != priority, Map.of(), Map.of(), false);
    }

    static Map<String, Metric> byName(List<Metric> figures) {
        Map<String, Metric> m = new LinkedHashMap<>();
        figures.forEach(f -> m.put(f.name(), f));
        return m;
    }

    @Test
    void stateAsANumberAndTheAdvertisedPriorityPerInstance() {
        Map<String, Metric> f = byName(VrrpMetricSource.figures(List.of(view("VI_1", VrrpState.MASTER, 150, 150),
                view("VI_2", VrrpState.BACKUP, 100, 1))));
        assertEquals(3, f.get("vrrp_state_VI_1").value());
        assertEquals(150, f.get("vrrp_priority_VI_1").value());
        assertEquals(2, f.get("vrrp_state_VI_2").value());
        assertEquals(1, f.get("vrrp_priority_VI_2").value(), "in maintenance: the priority it advertises");
        assertEquals(0, VrrpMetricSource.number(VrrpState.FAULT));
        assertEquals(1, VrrpMetricSource.number(VrrpState.INIT));
    }

    @Test
    void aFailoverShowsOnceTheCacheHasAged() {
        List<VrrpInstanceView> views = new ArrayList<>(List.of(view("VI_1", VrrpState.BACKUP, 100, 100)));
        VrrpService service = new VrrpService() {
            @Override
            public List<VrrpInstanceView> instances() {
                return List.copyOf(views);
            }

            @Override
            public Optional<VrrpInstanceView> instance(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void setPriority(String name, int priority) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void setMaintenance(String name, boolean on) {
                throw new UnsupportedOperationException();
            }
        };
        AtomicLong clock = new AtomicLong();
        VrrpMetricSource source = new VrrpMetricSource(service, clock::get);
        assertEquals(2, byName(source.collect()).get("vrrp_state_VI_1").value());
        views.set(0, view("VI_1", VrrpState.MASTER, 100, 100));
        assertEquals(2, byName(source.collect()).get("vrrp_state_VI_1").value(), "cached");
        clock.set(VrrpMetricSource.MAX_AGE_SECONDS * 1_000_000_000L);
        assertEquals(3, byName(source.collect()).get("vrrp_state_VI_1").value());
    }
}
