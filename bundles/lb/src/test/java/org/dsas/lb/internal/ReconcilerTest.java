package org.dsas.lb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.internal.Reconciler.Foreign;
import org.dsas.lb.internal.Reconciler.Step;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    static Endpoint ep(String a, int port) throws Exception {
        return new Endpoint(InetAddress.getByName(a), port);
    }

    static ServiceKey tcp(String a, int port) throws Exception {
        return ServiceKey.of(Protocol.TCP, ep(a, port));
    }

    static VirtualService web(String vip, String sched, int... weights) throws Exception {
        VirtualService s = VirtualService.of(tcp(vip, 80), sched);
        List<RealServer> rs = new java.util.ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            rs.add(RealServer.of(ep("192.0.2." + (101 + i), 80), ForwardMethod.MASQUERADE, weights[i]));
        }
        return s.withServers(rs);
    }

    private final MemoryDataplane dp = new MemoryDataplane();

    private List<String> descriptions(List<Step> steps) {
        return steps.stream().map(s -> s.change().description()).toList();
    }

    @Test
    void emptyDataplaneGetsServicesThenServersInIpvsadmSyntax() throws Exception {
        List<Step> steps = Reconciler.diff(List.of(web("198.51.100.1", "lc", 3, 1)), dp.read(), Foreign.REMOVE);
        assertEquals(List.of("-A -t 198.51.100.1:80 -s lc",
                "-a -t 198.51.100.1:80 -r 192.0.2.101:80 -m -w 3",
                "-a -t 198.51.100.1:80 -r 192.0.2.102:80 -m -w 1"), descriptions(steps));
        assertTrue(Reconciler.apply(dp, steps).ok());
        assertEquals(List.of(), Reconciler.diff(List.of(web("198.51.100.1", "lc", 3, 1)), dp.read(), Foreign.REMOVE),
                "applied state has no diff");
    }

    @Test
    void changesAreMinimalAndInPlace() throws Exception {
        Reconciler.apply(dp, Reconciler.diff(List.of(web("198.51.100.1", "rr", 1, 1, 1), web("198.51.100.2", "rr", 1)),
                dp.read(), Foreign.REMOVE));
        int generation = dp.generation.get(tcp("198.51.100.1", 80));
        dp.calls.clear();

        // scheduler change, one weight changed, third server removed; other service untouched
        List<Step> steps = Reconciler.diff(List.of(web("198.51.100.1", "wlc", 1, 5), web("198.51.100.2", "rr", 1)),
                dp.read(), Foreign.REMOVE);
        assertEquals(List.of("-E -t 198.51.100.1:80 -s wlc",
                "-d -t 198.51.100.1:80 -r 192.0.2.103:80",
                "-e -t 198.51.100.1:80 -r 192.0.2.102:80 -m -w 5"), descriptions(steps));
        assertTrue(Reconciler.apply(dp, steps).ok());
        assertEquals(generation, dp.generation.get(tcp("198.51.100.1", 80)), "service edited, not recreated");
        assertFalse(dp.calls.stream().anyMatch(c -> c.contains("198.51.100.2")), dp.calls.toString());
        assertFalse(dp.calls.contains("flush"));
    }

    @Test
    void handChangesAreDriftAndForeignServicesFollowPolicy() throws Exception {
        List<VirtualService> desired = List.of(web("198.51.100.1", "rr", 2, 2));
        Reconciler.apply(dp, Reconciler.diff(desired, dp.read(), Foreign.REMOVE));
        // by hand: weight changed, a server added, a whole service added
        dp.editServer(tcp("198.51.100.1", 80), RealServer.of(ep("192.0.2.101", 80), ForwardMethod.MASQUERADE, 9));
        dp.addServer(tcp("198.51.100.1", 80), RealServer.of(ep("192.0.2.200", 80), ForwardMethod.GATEWAY, 1));
        dp.addService(VirtualService.of(tcp("203.0.113.9", 443), "rr"));

        assertEquals(List.of("-d -t 198.51.100.1:80 -r 192.0.2.200:80",
                "-e -t 198.51.100.1:80 -r 192.0.2.101:80 -m -w 2"),
                descriptions(Reconciler.diff(desired, dp.read(), Foreign.KEEP)));
        List<Step> repair = Reconciler.diff(desired, dp.read(), Foreign.REMOVE);
        assertEquals("-D -t 203.0.113.9:443", repair.get(0).change().description());
        assertTrue(Reconciler.apply(dp, repair).ok());
        assertEquals(desired, dp.read().stream().map(s -> s.service()).toList());
    }

    @Test
    void aFailedStepSkipsTheRestOfItsServiceOnly() throws Exception {
        dp.failOn = "addService TCP 198.51.100.1:80";
        var outcome = Reconciler.apply(dp, Reconciler.diff(
                List.of(web("198.51.100.1", "rr", 1), web("198.51.100.2", "rr", 1)), dp.read(), Foreign.REMOVE));
        assertEquals(List.of("addService TCP 198.51.100.1:80: injected failure"), outcome.failures());
        assertEquals(List.of("-A -t 198.51.100.2:80 -s rr", "-a -t 198.51.100.2:80 -r 192.0.2.101:80 -m -w 1"),
                outcome.applied().stream().map(c -> c.description()).toList());
    }

    @Test
    void persistenceFlagsAndThresholdsAreRendered() throws Exception {
        VirtualService s = new VirtualService(tcp("198.51.100.1", 443), "sh", 300, 24,
                VirtualService.FLAG_SCHED1 | VirtualService.FLAG_SCHED2,
                List.of(new RealServer(ep("192.0.2.5", 443), ForwardMethod.GATEWAY, 4, 100, 10)));
        assertEquals(List.of("-A -t 198.51.100.1:443 -s sh -p 300 -M 255.255.255.0 -b sh-fallback,sh-port",
                "-a -t 198.51.100.1:443 -r 192.0.2.5:443 -g -w 4 -x 100 -y 10"),
                descriptions(Reconciler.diff(List.of(s), List.of(), Foreign.REMOVE)));
        VirtualService fw = VirtualService.of(ServiceKey.fwmark(7, true), "rr");
        assertEquals("-A -f 7 -6 -s rr", IpvsadmSyntax.addService(fw));
    }
}
