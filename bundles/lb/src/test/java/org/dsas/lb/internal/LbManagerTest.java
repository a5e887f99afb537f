package org.dsas.lb.internal;

import static org.dsas.lb.internal.ReconcilerTest.ep;
import static org.dsas.lb.internal.ReconcilerTest.tcp;
import static org.dsas.lb.internal.ReconcilerTest.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.dsas.core.api.ConfigFiles;
import org.dsas.core.api.ConfigProblems;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneProbe;
import org.dsas.lb.dataplane.DataplaneProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LbManagerTest {

    @TempDir
    Path etc;

    private final MemoryDataplane dp = new MemoryDataplane();
    private final Map<String, List<String>> alarms = new java.util.HashMap<>();
    private LbManager lb;

    private LbManager start(Map<String, Object> config) {
        lb = new LbManager();
        lb.alarms = alarms::put;
        lb.etc(etc);
        lb.addProvider(new DataplaneProvider() {
            @Override
            public DataplaneProbe probe() {
                return DataplaneProbe.available("memory", "always");
            }

            @Override
            public Dataplane open() {
                return dp;
            }
        }, Map.of(DataplaneProvider.NAME, "memory", DataplaneProvider.PREFERENCE, 1));
        lb.activate(config);
        return lb;
    }

    @AfterEach
    void stop() {
        if (lb != null) {
            lb.deactivate();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("never: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void changesArePersistedAppliedAndSurviveARestart() throws Exception {
        start(Map.of());
        lb.addService(VirtualService.of(tcp("198.51.100.1", 80), "wlc"));
        lb.addServer(tcp("198.51.100.1", 80), RealServer.of(ep("192.0.2.101", 80), ForwardMethod.MASQUERADE, 3));
        assertEquals(List.of(web("198.51.100.1", "wlc", 3)), dp.read().stream().map(s -> s.service()).toList());
        String rules = Files.readString(etc.resolve("dsas-lb.rules"));
        assertTrue(rules.contains("-A -t 198.51.100.1:80 -s wlc\n-a -t 198.51.100.1:80 -r 192.0.2.101:80 -m -w 3\n"),
                rules);

        lb.addServer(tcp("198.51.100.1", 80), new RealServer(ep("192.0.2.102", 80), ForwardMethod.MASQUERADE, 1, 100, 10));
        lb.deleteServer(tcp("198.51.100.1", 80), ep("192.0.2.102", 80));
        lb.addServer(tcp("198.51.100.1", 80), new RealServer(ep("192.0.2.102", 80), ForwardMethod.MASQUERADE, 1, 100, 10));
        lb.drain(ep("192.0.2.101", 80));
        assertEquals(0, dp.read().get(0).servers().get(0).server().weight());
        lb.deactivate();
        dp.calls.clear();

        start(Map.of());
        assertEquals(new RealServer(ep("192.0.2.102", 80), ForwardMethod.MASQUERADE, 1, 100, 10),
                lb.services().get(0).servers().get(1), "thresholds survive a restart");
        lb.deleteServer(tcp("198.51.100.1", 80), ep("192.0.2.102", 80));
        assertEquals(List.of(web("198.51.100.1", "wlc", 3)), lb.services());
        assertTrue(lb.drained().contains(ep("192.0.2.101", 80)), "drain survives a restart");
        assertEquals(List.of(), lb.diff());
    }

    @Test
    void badInputChangesNothing() throws Exception {
        start(Map.of());
        lb.addService(VirtualService.of(tcp("198.51.100.1", 80), "rr"));
        String before = Files.readString(etc.resolve("dsas-lb.rules"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> lb.addService(VirtualService.of(tcp("198.51.100.2", 80), "fastest")));
        assertEquals("service TCP 198.51.100.2:80: unknown scheduler 'fastest' (known: dh fo lblc lblcr lc mh nq ovf rr sed"
                + " sh twos wlc wrr)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lb.addService(VirtualService.of(tcp("198.51.100.1", 80), "rr")));
        assertEquals("virtual service TCP 198.51.100.1:80 exists already", e.getMessage());
        assertEquals(before, Files.readString(etc.resolve("dsas-lb.rules")));
        assertEquals(1, dp.services.size());
    }

    @Test
    void handEditsOfTheRulesFileAreValidatedWholeBeforeAnythingIsApplied() throws Exception {
        start(Map.of("reconcile.interval", "1"));
        lb.addService(VirtualService.of(tcp("198.51.100.1", 80), "rr"));
        Files.writeString(etc.resolve("dsas-lb.rules"), "-A -t 198.51.100.1:80 -s rr\n-A -t 198.51.100.2:80 -s rr\n"
                + "-a -t 198.51.100.9:80 -r 192.0.2.1:80 -m -w 1\n");
        await(() -> !lb.alarms().isEmpty(), "bad rules file raises an alarm");
        assertTrue(lb.alarms().get(0).contains("dsas-lb.rules:3"), lb.alarms().toString());
        assertEquals(1, dp.services.size(), "nothing of the bad file applied, nothing removed");

        Files.writeString(etc.resolve("dsas-lb.rules"), "-A -t 198.51.100.2:80 -s rr\n");
        var second = tcp("198.51.100.2", 80);
        await(() -> dp.services.containsKey(second) && dp.services.size() == 1, "good file applied");
        assertTrue(lb.alarms().isEmpty(), lb.alarms().toString());
    }

    @Test
    void driftIsRepairedOrReportedPerPolicy() throws Exception {
        start(Map.of("reconcile.interval", "1"));
        var key = tcp("198.51.100.1", 80);
        lb.addService(web("198.51.100.1", "rr", 2));
        lb.addServer(tcp("198.51.100.1", 80), RealServer.of(ep("192.0.2.102", 80), ForwardMethod.MASQUERADE, 2));
        dp.editServer(tcp("198.51.100.1", 80), RealServer.of(ep("192.0.2.102", 80), ForwardMethod.MASQUERADE, 9));
        await(() -> dp.services.get(key).servers().get(1).weight() == 2, "drift repaired");
        assertEquals("repair", lb.status().get("driftPolicy"), lb.status().toString());
        assertEquals(1L, lb.status().get("driftEvents"), lb.status().toString());

        lb.modified(Map.of("reconcile.interval", "1", "drift", "report"));
        dp.editServer(tcp("198.51.100.1", 80), RealServer.of(ep("192.0.2.102", 80), ForwardMethod.MASQUERADE, 9));
        await(() -> lb.status().get("driftPolicy").equals("report") && lb.status().get("driftEvents").equals(2L),
                "drift reported");
        assertEquals(9, dp.services.get(tcp("198.51.100.1", 80)).servers().get(1).weight(), "report does not repair");
        assertEquals(List.of("-e -t 198.51.100.1:80 -r 192.0.2.102:80 -m -w 2"),
                lb.diff().stream().map(c -> c.description()).toList());
    }

    @Test
    void healthVerdictsRemoveAndRestoreButNeverLiftADrain() throws Exception {
        start(Map.of());
        lb.addService(web("198.51.100.1", "rr", 5));
        var key = tcp("198.51.100.1", 80);
        var rs = ep("192.0.2.101", 80);
        lb.setHealth(key, rs, false, false, "connect refused");
        await(() -> dp.services.get(key).servers().isEmpty(), "removed on failure");
        lb.setHealth(key, rs, true, false, "ok");
        await(() -> dp.services.get(key).servers().size() == 1 && dp.services.get(key).servers().get(0).weight() == 5,
                "restored");
        lb.drain(rs);
        lb.setHealth(key, rs, true, false, "ok");
        Thread.sleep(200);
        assertEquals(List.of(), lb.diff());
        assertEquals(0, dp.services.get(key).servers().get(0).weight(), "a passing check does not lift a drain");
        assertEquals(0L, lb.status().get("downByChecks"));
    }

    @Test
    void aRulesFileWithSeveralBadLinesIsRejectedWithAnAlarmPerLine() throws Exception {
        Path rules = etc.resolve("dsas-lb.rules");
        Files.writeString(rules, "-A -t 198.51.100.1:80 -s foo\n-A -t 198.51.100.2:80 -s rr\n"
                + "-a -t 198.51.100.2:80 -r 192.0.2.1:80 -m -w 70000\n");
        start(Map.of());
        assertEquals(List.of("lb rules rejected: " + rules + ":1: service TCP 198.51.100.1:80: unknown scheduler 'foo' "
                + "(known: dh fo lblc lblcr lc mh nq ovf rr sed sh twos wlc wrr)",
                "lb rules rejected: " + rules + ":3: weight 70000 out of range 0-65535"),
                lb.alarms().stream().filter(a -> a.startsWith("lb rules")).toList());
        assertEquals(List.of(), lb.services());
    }

    @Test
    void badSettingsAreOneLineEachAndAllOfThemAreNamed() {
        var e = assertThrows(ConfigProblems.class,
                () -> LbConfig.parse(Map.of("backend", "magic", "drfit", "repair", "reconcile.interval", "0"), etc));
        assertEquals(List.of("etc/org.dsas.lb.cfg: key 'drfit': unknown key (known: backend, drain.file, drift, "
                + "foreign, reconcile.interval, rules.file)",
                "etc/org.dsas.lb.cfg: key 'reconcile.interval': '0' is out of range 1-3600",
                "etc/org.dsas.lb.cfg: key 'backend': 'magic' is not one of auto, ipvs, nftables, proxy"), e.problems());
    }

    @Test
    void theShippedFileIsReadWholeWithEveryKeyKnown() throws Exception {
        LbConfig c = LbConfig.parse(ConfigFiles.read(Path.of("../../etc/org.dsas.lb.cfg")), etc);
        assertEquals(new LbConfig("auto", 10, LbConfig.Drift.REPAIR, Reconciler.Foreign.REMOVE,
                etc.resolve("dsas-lb.rules"), etc.resolve("dsas-lb.drained")), c);
    }

    @Test
    void anUnknownKeyOrAValueOutOfRangeIsRefusedAndTheSettingsInForceKept() {
        start(Map.of("drift", "report"));
        assertEquals(List.of(), alarms.get("org.dsas.lb"));
        lb.modified(Map.of("drift", "repair", "reconcile.intervall", "5"));
        assertEquals(List.of("etc/org.dsas.lb.cfg: key 'reconcile.intervall': unknown key (known: backend, drain.file, "
                + "drift, foreign, reconcile.interval, rules.file)"), alarms.get("org.dsas.lb"));
        assertEquals("report", lb.status().get("driftPolicy"));
        lb.modified(Map.of("drift", "repair", "reconcile.interval", "3601"));
        assertEquals(List.of("etc/org.dsas.lb.cfg: key 'reconcile.interval': '3601' is out of range 1-3600"),
                alarms.get("org.dsas.lb"));
        assertEquals("report", lb.status().get("driftPolicy"));
        lb.modified(Map.of("drift", "repair"));
        assertEquals(List.of(), alarms.get("org.dsas.lb"));
        assertEquals("repair", lb.status().get("driftPolicy"));
    }
}
