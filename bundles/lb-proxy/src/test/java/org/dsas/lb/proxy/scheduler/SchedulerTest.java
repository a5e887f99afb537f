package org.dsas.lb.proxy.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dsas.lb.api.Endpoint;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    /** A server whose weight and counts the test sets. */
    static final class Server implements Candidate {
        final String name;
        final Endpoint endpoint;
        int weight;
        int active;
        int inactive;
        boolean overloaded;

        Server(String name, int weight) {
            this.name = name;
            this.weight = weight;
            this.endpoint = new Endpoint(ip("198.51.100." + (name.charAt(0) - 'a' + 1)), 80);
        }

        @Override
        public Endpoint endpoint() {
            return endpoint;
        }

        @Override
        public int weight() {
            return weight;
        }

        @Override
        public int activeConnections() {
            return active;
        }

        @Override
        public int inactiveConnections() {
            return inactive;
        }

        @Override
        public boolean overloaded() {
            return overloaded;
        }
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static final Request FROM_1 = new Request(ip("192.0.2.1"), 40000, ip("203.0.113.1"));

    static List<Server> servers(int... weights) {
        List<Server> l = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            l.add(new Server(String.valueOf((char) ('a' + i)), weights[i]));
        }
        return List.copyOf(l);
    }

    static String sequence(Scheduler s, List<Server> servers, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Server picked = s.pick(servers, FROM_1);
            b.append(picked == null ? "-" : picked.name);
        }
        return b.toString();
    }

    @Test
    void roundRobinCyclesAndSkipsWeightZeroAndOverloaded() {
        Scheduler rr = Scheduler.create("rr", 0);
        List<Server> l = servers(1, 5, 1);
        assertEquals("abcabc", sequence(rr, l, 6), "rr ignores weights");
        l.get(1).weight = 0;
        assertEquals("acac", sequence(rr, l, 4));
        l.get(2).overloaded = true;
        assertEquals("aa", sequence(rr, l, 2));
        l.get(0).weight = 0;
        assertEquals("--", sequence(rr, l, 2));
    }

    @Test
    void weightedRoundRobinInterleavesAsTheKernelDoes() {
        // ip_vs_wrr: cw starts at the max weight after servers change, steps down by the gcd each pass
        assertEquals("ababcabca" + "ababcabca", sequence(Scheduler.create("wrr", 0), servers(4, 3, 2), 18));
        assertEquals("abbabb", sequence(Scheduler.create("wrr", 0), servers(2, 4), 6), "gcd 2: two passes");
        assertEquals("acac", sequence(Scheduler.create("wrr", 0), servers(1, 0, 1), 4), "weight 0: none");
        assertEquals("---", sequence(Scheduler.create("wrr", 0), servers(0, 0), 3));
    }

    @Test
    void weightedRoundRobinExactProportionsOverManyCycles() {
        Scheduler wrr = Scheduler.create("wrr", 0);
        List<Server> l = servers(5, 1, 3);
        Map<Character, Integer> counts = new HashMap<>();
        for (char c : sequence(wrr, l, 900).toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        assertEquals(Map.of('a', 500, 'b', 100, 'c', 300), counts);
    }

    @Test
    void weightedRoundRobinSkipsOverloadedAndSeesNewWeights() {
        Scheduler wrr = Scheduler.create("wrr", 0);
        List<Server> l = servers(1, 1);
        l.get(0).overloaded = true;
        assertEquals("bbb", sequence(wrr, l, 3));
        l.get(0).overloaded = false;
        List<Server> reweighted = servers(3, 1);
        assertEquals("aaab", sequence(wrr, reweighted, 4));
    }

    @Test
    void leastConnectionCountsActive256TimesInactive() {
        Scheduler lc = Scheduler.create("lc", 0);
        List<Server> l = servers(1, 1, 1);
        assertEquals("a", sequence(lc, l, 1), "tie: first in list");
        l.get(0).active = 1;
        l.get(1).inactive = 200;
        l.get(2).active = 1;
        assertEquals("b", sequence(lc, l, 1), "200 inactive < 1 active");
        l.get(1).inactive = 300;
        assertEquals("a", sequence(lc, l, 1), "300 inactive > 1 active; a and c tie, a first");
        l.get(0).weight = 0;
        assertEquals("c", sequence(lc, l, 1), "weight 0 takes nothing new");
    }

    @Test
    void weightedLeastConnectionDividesByWeight() {
        Scheduler wlc = Scheduler.create("wlc", 0);
        List<Server> l = servers(1, 3);
        l.get(0).active = 1;
        l.get(1).active = 2;
        assertEquals("b", sequence(wlc, l, 1), "256/1 > 512/3");
        l.get(1).active = 3;
        assertEquals("a", sequence(wlc, l, 1), "256/1 < 768/3? no: equal, first wins");
        l.get(1).active = 4;
        assertEquals("a", sequence(wlc, l, 1));
        l.get(0).overloaded = true;
        assertEquals("b", sequence(wlc, l, 1));
    }

    @Test
    void shortestExpectedDelayAndNeverQueue() {
        List<Server> l = servers(1, 3);
        l.get(1).active = 1;
        assertEquals("b", sequence(Scheduler.create("sed", 0), l, 1), "(0+1)/1 > (1+1)/3");
        assertEquals("a", sequence(Scheduler.create("nq", 0), l, 1), "nq: an idle server first");
        l.get(0).active = 1;
        l.get(1).active = 4;
        assertEquals("b", sequence(Scheduler.create("nq", 0), l, 1), "none idle: sed, 2/1 > 5/3");
    }

    @Test
    void sourceHashingFillsBucketsByWeightAndIsStablePerClient() {
        SourceHashing sh = new SourceHashing(false, false);
        List<Server> l = servers(2, 1);
        sh.pick(l, FROM_1);
        int[] t = sh.table();
        // kernel fill: a a b a a b ...
        assertEquals(0, t[0]);
        assertEquals(0, t[1]);
        assertEquals(1, t[2]);
        assertEquals(0, t[3]);
        long a = java.util.Arrays.stream(t).filter(i -> i == 0).count();
        assertEquals(171, a);
        // stable per client address, spread over clients
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 1; i <= 250; i++) {
            Request r = new Request(ip("192.0.2." + i), 1000 + i, FROM_1.destination());
            Server first = sh.pick(l, r);
            for (int k = 0; k < 3; k++) {
                assertSame(first, sh.pick(l, new Request(r.client(), 2000 + k, r.destination())),
                        "client port must not matter without sh-port");
            }
            counts.merge(first.name, 1, Integer::sum);
        }
        assertTrue(counts.get("a") > counts.get("b"), counts.toString());
    }

    @Test
    void sourceHashingUnavailableServerMeansNoneUnlessFallback() {
        List<Server> l = servers(1, 1);
        Server home = new SourceHashing(false, false).pick(l, FROM_1);
        home.overloaded = true;
        assertNull(new SourceHashing(false, false).pick(l, FROM_1));
        Server other = Scheduler.create("sh", 0x0008).pick(l, FROM_1);
        assertNotEquals(home, other);
        assertTrue(other.available());
    }

    @Test
    void sourceHashingWithPortSpreadsOneClient() {
        Scheduler sh = Scheduler.create("sh", 0x0010);
        List<Server> l = servers(1, 1, 1);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int p = 1000; p < 1100; p++) {
            seen.add(sh.pick(l, new Request(FROM_1.client(), p, FROM_1.destination())).name);
        }
        assertEquals(3, seen.size());
    }

    @Test
    void destinationHashingPicksByVirtualAddress() {
        Scheduler dh = Scheduler.create("dh", 0);
        List<Server> l = servers(1, 1, 1);
        Server s = dh.pick(l, FROM_1);
        for (int i = 2; i < 50; i++) {
            assertSame(s, dh.pick(l, new Request(ip("192.0.2." + i), i, FROM_1.destination())));
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 1; i < 60; i++) {
            seen.add(dh.pick(l, new Request(FROM_1.client(), 1, ip("203.0.113." + i))).name);
        }
        assertEquals(3, seen.size(), "destinations spread over all servers");
        s.weight = 0;
        assertNull(dh.pick(l, FROM_1));
    }

    @Test
    void maglevBalancesByWeightAndMovesOnlyTheRemovedServersClients() {
        List<Server> l = servers(1, 1, 2);
        int[] table = MaglevHashing.populate(l);
        int[] counts = new int[3];
        for (int i : table) {
            counts[i]++;
        }
        assertEquals(MaglevHashing.SIZE, counts[0] + counts[1] + counts[2]);
        assertTrue(Math.abs(counts[2] - 2 * counts[0]) < MaglevHashing.SIZE / 20, java.util.Arrays.toString(counts));
        assertTrue(Math.abs(counts[1] - counts[0]) < MaglevHashing.SIZE / 20, java.util.Arrays.toString(counts));

        Scheduler before = Scheduler.create("mh", 0);
        Scheduler after = Scheduler.create("mh", 0);
        List<Server> without = List.of(l.get(0), l.get(2));
        int moved = 0;
        int keptMoved = 0;
        for (int i = 0; i < 1000; i++) {
            Request r = new Request(ip("10." + (i / 250) + "." + (i % 250) + ".1"), 1, FROM_1.destination());
            Server was = before.pick(l, r);
            Server now = after.pick(without, r);
            if (was != l.get(1)) {
                keptMoved += was == now ? 0 : 1;
            } else {
                moved++;
            }
        }
        assertTrue(moved > 100, "b had clients: " + moved);
        // Maglev's disruption is minimal, not zero: a few slots of kept servers change hands
        assertTrue(keptMoved < (1000 - moved) / 20, keptMoved + " clients of kept servers moved");
    }

    @Test
    void maglevWithoutFallbackRefusesAnOverloadedServer() {
        List<Server> l = servers(1, 1);
        Server home = Scheduler.create("mh", 0).pick(l, FROM_1);
        home.overloaded = true;
        assertNull(Scheduler.create("mh", 0).pick(l, FROM_1));
        Server other = Scheduler.create("mh", 0x0008).pick(l, FROM_1);
        assertNotEquals(home, other);
    }

    @Test
    void unknownSchedulerNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scheduler.create("fo", 0));
        assertEquals("unknown scheduler 'fo' (known: dh, lc, mh, nq, rr, sed, sh, wlc, wrr)", e.getMessage());
    }
}
