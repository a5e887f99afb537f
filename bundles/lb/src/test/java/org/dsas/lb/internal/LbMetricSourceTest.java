package org.dsas.lb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dsas.core.api.MetricSource.Metric;
import org.dsas.lb.api.Counters;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.junit.jupiter.api.Test;

class LbMetricSourceTest {

    static ServiceState web() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, new Endpoint(InetAddress.getByName("10.0.0.1"), 80));
        Counters c = new Counters(1234, 0, 0, 0, 0, 12, 0, 0, 5000, 90000);
        ServerState a = new ServerState(RealServer.of(new Endpoint(InetAddress.getByName("192.168.31.101"), 80),
                ForwardMethod.MASQUERADE, 1), 7, 2, 0, Counters.ZERO);
        ServerState b = new ServerState(RealServer.of(new Endpoint(InetAddress.getByName("192.168.31.102"), 80),
                ForwardMethod.MASQUERADE, 1), 5, 0, 0, Counters.ZERO);
        return new ServiceState(VirtualService.of(key, "wlc"), c, List.of(a, b));
    }

    static Map<String, Metric> byName(List<Metric> figures) {
        Map<String, Metric> m = new LinkedHashMap<>();
        figures.forEach(f -> m.put(f.name(), f));
        return m;
    }

    @Test
    void everyServiceHasItsConnectionsAndTrafficUnderItsName() throws Exception {
        Map<String, Metric> f = byName(LbMetricSource.figures(List.of(web())));
        assertEquals(1234, f.get("lb_conns_TCP_10.0.0.1_80").value());
        assertTrue(f.get("lb_conns_TCP_10.0.0.1_80").counter());
        assertEquals(12, f.get("lb_active_conns_TCP_10.0.0.1_80").value(), "7 + 5 active on the two servers");
        assertEquals(12, f.get("lb_cps_TCP_10.0.0.1_80").value());
        assertEquals(5000, f.get("lb_in_bytes_TCP_10.0.0.1_80").value());
        assertEquals(90000, f.get("lb_out_bytes_TCP_10.0.0.1_80").value());
    }

    @Test
    void ipv6AndFirewallMarkServicesGetPlainNames() throws Exception {
        assertEquals("TCP_2001_db8__1_80", LbMetricSource.id(ServiceKey.of(Protocol.TCP,
                new Endpoint(InetAddress.getByName("2001:db8::1"), 80))));
        assertEquals("FWM_7", LbMetricSource.id(ServiceKey.fwmark(7, false)));
    }

    @Test
    void theDataplaneIsReadAtMostOncePerMaxAge() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        List<ServiceState> state = List.of(web());
        LbService lb = (LbService) Proxy.newProxyInstance(LbService.class.getClassLoader(),
                new Class<?>[] {LbService.class}, (p, m, a) -> {
                    if (m.getName().equals("read")) {
                        reads.incrementAndGet();
                        return state;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        AtomicLong clock = new AtomicLong(0);
        LbMetricSource source = new LbMetricSource(lb, clock::get);
        assertEquals(5, source.collect().size());
        clock.set(LbMetricSource.MAX_AGE_SECONDS * 1_000_000_000L - 1);
        source.collect();
        assertEquals(1, reads.get(), "within max age: the cached figures");
        clock.set(LbMetricSource.MAX_AGE_SECONDS * 1_000_000_000L);
        source.collect();
        assertEquals(2, reads.get());
    }

    @Test
    void aFailingDataplaneGivesNoFiguresInsteadOfAnException() {
        LbService lb = (LbService) Proxy.newProxyInstance(LbService.class.getClassLoader(),
                new Class<?>[] {LbService.class}, (p, m, a) -> {
                    throw new IllegalStateException("netlink: EPERM");
                });
        assertTrue(new LbMetricSource(lb, () -> 0).collect().isEmpty());
    }
}
