package org.dsas.lb.internal;

import static org.dsas.lb.internal.ReconcilerTest.ep;
import static org.dsas.lb.internal.ReconcilerTest.web;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.internal.Overlays.Health;
import org.junit.jupiter.api.Test;

class OverlaysTest {

    private static List<Integer> weights(VirtualService s) {
        return s.servers().stream().map(RealServer::weight).toList();
    }

    @Test
    void downRemovesInhibitZeroesDrainWinsOverPassingCheck() throws Exception {
        VirtualService s = web("198.51.100.1", "rr", 3, 2, 1);
        Overlays o = Overlays.NONE
                .withHealth(s.key(), ep("192.0.2.101", 80), new Health(false, false, "connect refused"))
                .withHealth(s.key(), ep("192.0.2.102", 80), new Health(false, true, "HTTP 503"));
        VirtualService eff = o.effective(List.of(s)).get(0);
        assertEquals(List.of(ep("192.0.2.102", 80), ep("192.0.2.103", 80)),
                eff.servers().stream().map(RealServer::endpoint).toList());
        assertEquals(List.of(0, 1), weights(eff));

        // operator drains .103; a passing check on it changes nothing
        o = o.withDrain(ep("192.0.2.103", 80), true)
                .withHealth(s.key(), ep("192.0.2.103", 80), new Health(true, false, "ok"));
        assertEquals(List.of(0, 0), weights(o.effective(List.of(s)).get(0)));

        // recovery restores the configured weight
        o = o.withHealth(s.key(), ep("192.0.2.101", 80), new Health(true, false, "ok"))
                .withDrain(ep("192.0.2.103", 80), false);
        assertEquals(List.of(3, 0, 1), weights(o.effective(List.of(s)).get(0)));
    }

    @Test
    void sorryServerJoinsWhileSet() throws Exception {
        VirtualService s = web("198.51.100.1", "rr", 1);
        RealServer sorry = RealServer.of(ep("192.0.2.250", 80), ForwardMethod.MASQUERADE, 1);
        Overlays o = Overlays.NONE.withSorry(s.key(), sorry);
        assertEquals(2, o.effective(List.of(s)).get(0).servers().size());
        assertEquals(s, o.withSorry(s.key(), null).effective(List.of(s)).get(0));
        assertEquals(Overlays.NONE.sorry(), o.retain(List.of()).sorry());
    }
}
