package org.dsas.healthcheck.internal;

import static org.dsas.healthcheck.internal.Fakes.Lb.rs;
import static org.dsas.healthcheck.internal.Fakes.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dsas.core.api.event.QuorumEvent;
import org.dsas.healthcheck.api.CheckView;
import org.dsas.healthcheck.internal.Fakes.Events;
import org.dsas.healthcheck.internal.Fakes.RecordedScripts;
import org.dsas.healthcheck.internal.Fakes.ScriptedProbe;
import org.dsas.healthcheck.probe.Probe;
import org.dsas.keepalived.conf.KeepalivedConfParser;
import org.dsas.lb.api.ServiceKey;
import org.junit.jupiter.api.Test;

class CheckEngineTest {

    private static final String S = "TCP 10.0.0.1:80";

    private final ManualScheduler clock = new ManualScheduler();
    private final Fakes.Lb lb = new Fakes.Lb();
    private final RecordedScripts scripts = new RecordedScripts(clock);
    private final Events events = new Events();
    /** First attempts at half their spread, so the tests know when they come. */
    private final CheckEngine engine = new CheckEngine(lb.service, clock, scripts, events, bound -> bound / 2);
    private final Map<String, Probe> probes = new HashMap<>();

    static CheckPlan plan(String text) throws Exception {
        return ChecksFileParser.parse(KeepalivedConfParser.parse(text, "checks.conf"), "checks.conf",
                type -> Set.of("url", "path", "status_code", "misc_path", "misc_dynamic", "misc_timeout"));
    }

    private ScriptedProbe probe(String id, boolean ok) {
        ScriptedProbe p = new ScriptedProbe(clock, ok);
        probes.put(id, p);
        return p;
    }

    private void advance(double seconds) {
        clock.advance(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    private String state(String id) {
        return engine.views().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow().state();
    }

    private static final String ONE_SERVER = """
            virtual_server 10.0.0.1 80 {
                delay_loop 5
                real_server 192.0.2.1 80 {
                    notify_up "/usr/local/bin/up 192.0.2.1"
                    notify_down /usr/local/bin/down
                    HTTP_GET {
                        url {
                            path /
                            status_code 200
                        }
                        retry 2
                        delay_before_retry 1
                    }
                }
            }
            """;

    @Test
    void upCheckGoesDownAfterOnePlusRetryFailuresSpacedByDelayBeforeRetryThenEveryDelayLoop() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1)));
        ScriptedProbe p = probe(S + "/192.0.2.1:80/HTTP_GET", false);
        engine.apply(plan(ONE_SERVER), probes);
        advance(12);
        // First attempt at half the delay loop (2.5 s), two retries 1 s apart, then every delay loop.
        assertEquals(List.of(2.5, 3.5, 4.5, 9.5), p.attempts);
        assertEquals(List.of("up 192.0.2.1:80 in " + S, "remove 192.0.2.1:80 in " + S), lb.calls());
        assertEquals("DOWN", state(S + "/192.0.2.1:80/HTTP_GET"));
        assertTrue(events.posted.get(0).startsWith("org/dsas/check/DOWN"), events.posted.toString());
        assertTrue(events.posted.get(0).contains("reason=HTTP 503 after 3 attempts"), events.posted.toString());
        assertEquals(List.of("notify_down of " + S + "/192.0.2.1:80: /usr/local/bin/down"), scripts.runs);

        p.answer(true);
        advance(5);
        assertEquals(List.of("up 192.0.2.1:80 in " + S, "remove 192.0.2.1:80 in " + S, "up 192.0.2.1:80 in " + S),
                lb.calls());
        assertEquals("UP", state(S + "/192.0.2.1:80/HTTP_GET"));
        assertEquals("notify_up of " + S + "/192.0.2.1:80: /usr/local/bin/up 192.0.2.1", scripts.runs.get(1));
    }

    @Test
    void aSuccessBetweenFailuresStartsTheRetryCountAgain() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1)));
        ScriptedProbe p = probe(S + "/192.0.2.1:80/HTTP_GET", false);
        engine.apply(plan(ONE_SERVER), probes);
        advance(3.5); // two failures
        p.answer(true);
        advance(1); // success at 4.5
        p.answer(false);
        advance(6.5); // failures at 9.5 and 10.5: still within retry 2
        assertEquals(List.of(2.5, 3.5, 4.5, 9.5, 10.5), p.attempts);
        assertEquals("UP", state(S + "/192.0.2.1:80/HTTP_GET"));
        assertEquals(List.of("up 192.0.2.1:80 in " + S), lb.calls());
    }

    @Test
    void alphaStartsDownInTheLoadBalancerAndTheFirstSuccessBringsItUp() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1)));
        ScriptedProbe p = probe(S + "/192.0.2.1:80/TCP_CHECK", true);
        engine.apply(plan("""
                virtual_server 10.0.0.1 80 {
                    delay_loop 30
                    alpha
                    real_server 192.0.2.1 80 {
                        inhibit_on_failure
                        TCP_CHECK { connect_timeout 2 }
                    }
                }
                """), probes);
        assertEquals(List.of("inhibit 192.0.2.1:80 in " + S), lb.calls());
        assertEquals("DOWN", state(S + "/192.0.2.1:80/TCP_CHECK"));
        advance(0.5); // alpha: first attempt within a second, not half of 30 s
        assertEquals(List.of(0.5), p.attempts);
        assertEquals(List.of("inhibit 192.0.2.1:80 in " + S, "up 192.0.2.1:80 in " + S), lb.calls());
        assertEquals("UP", state(S + "/192.0.2.1:80/TCP_CHECK"));
    }

    @Test
    void warmupDelaysTheFirstAttemptByUpToWarmup() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1)));
        ScriptedProbe p = probe(S + "/192.0.2.1:80/TCP_CHECK", true);
        engine.apply(plan("""
                virtual_server 10.0.0.1 80 {
                    real_server 192.0.2.1 80 {
                        TCP_CHECK {
                            warmup 8
                            delay_loop 2.5
                        }
                    }
                }
                """), probes);
        advance(9);
        assertEquals(List.of(4.0, 6.5, 9.0), p.attempts);
    }

    @Test
    void inhibitOnFailureSetsWeightZeroInsteadOfRemoving() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1), rs("192.0.2.2", 80, 1)));
        probe(S + "/192.0.2.1:80/TCP_CHECK", false);
        probe(S + "/192.0.2.2:80/TCP_CHECK", false);
        engine.apply(plan("""
                virtual_server 10.0.0.1 80 {
                    delay_loop 2
                    retry 0
                    real_server 192.0.2.1 80 {
                        inhibit_on_failure
                        TCP_CHECK { }
                    }
                    real_server 192.0.2.2 80 { TCP_CHECK { } }
                }
                """), probes);
        advance(1);
        assertEquals(List.of("up 192.0.2.1:80 in " + S, "up 192.0.2.2:80 in " + S, "inhibit 192.0.2.1:80 in " + S,
                "remove 192.0.2.2:80 in " + S), lb.calls());
    }

    @Test
    void aServerWithSeveralCheckersIsUpOnlyWhenAllPass() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1)));
        ScriptedProbe http = probe(S + "/192.0.2.1:80/HTTP_GET", true);
        ScriptedProbe tcp = probe(S + "/192.0.2.1:80/TCP_CHECK", true);
        ScriptedProbe tcp2 = probe(S + "/192.0.2.1:80/TCP_CHECK#2", true);
        engine.apply(plan("""
                virtual_server 10.0.0.1 80 {
                    delay_loop 2
                    retry 0
                    real_server 192.0.2.1 80 {
                        HTTP_GET { url { path / } }
                        TCP_CHECK { }
                        TCP_CHECK { connect_port 8080 }
                    }
                }
                """), probes);
        advance(1);
        http.answer(false);
        advance(2);
        tcp.answer(false);
        advance(2);
        http.answer(true);
        advance(2);
        assertEquals(List.of("up 192.0.2.1:80 in " + S, "remove 192.0.2.1:80 in " + S), lb.calls());
        tcp.answer(true);
        advance(2);
        assertEquals(List.of("up 192.0.2.1:80 in " + S, "remove 192.0.2.1:80 in " + S, "up 192.0.2.1:80 in " + S),
                lb.calls());
        assertEquals(List.of("UP", "UP", "UP"), engine.views().stream().map(CheckView::state).toList());
        assertEquals(8080, plan("virtual_server 10.0.0.1 80 { real_server 192.0.2.1 80 { TCP_CHECK { connect_port 8080 } } }")
                .services().get(0).servers().get(0).checks().get(0).target().port());
    }

    @Test
    void quorumWithHysteresisSwitchesSorryServerAndRunsItsActions() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 2), rs("192.0.2.2", 80, 2), rs("192.0.2.3", 80, 2)));
        ScriptedProbe a = probe(S + "/192.0.2.1:80/TCP_CHECK", true);
        ScriptedProbe b = probe(S + "/192.0.2.2:80/TCP_CHECK", true);
        ScriptedProbe c = probe(S + "/192.0.2.3:80/TCP_CHECK", true);
        engine.apply(plan("""
                virtual_server 10.0.0.1 80 {
                    delay_loop 2
                    retry 0
                    quorum 3
                    hysteresis 1
                    quorum_up /bin/qup
                    quorum_down "/bin/qdown now"
                    sorry_server 198.51.100.9 8080
                    real_server 192.0.2.1 80 { TCP_CHECK { } }
                    real_server 192.0.2.2 80 { TCP_CHECK { } }
                    real_server 192.0.2.3 80 { TCP_CHECK { } }
                }
                """), probes);
        advance(1);
        a.answer(false);
        b.answer(false);
        advance(2);
        // alive 2: not below quorum 3 - hysteresis 1
        assertEquals(List.of(), sorryCalls());
        c.answer(false);
        advance(2);
        assertEquals(List.of("sorry " + S + " 198.51.100.9:8080 w1"), sorryCalls());
        assertEquals(List.of("quorum_down of " + S + ": /bin/qdown now"), quorumRuns());
        assertTrue(events.posted.stream().anyMatch(e -> e.equals("org/dsas/check/QUORUM {service=tcp:10.0.0.1:80"
                + ", up=false, alive=0, quorum=3}")), events.posted.toString());
        // The contract (core's QuorumEvent): the service text parses back to the service, as vrrp reads it.
        Map<String, Object> lost = events.quorum.get(events.quorum.size() - 1);
        assertEquals(tcp("10.0.0.1", 80), ServiceKey.parse((String) lost.get(QuorumEvent.SERVICE)));
        assertEquals(Boolean.FALSE, lost.get(QuorumEvent.UP));
        assertEquals(0, lost.get(QuorumEvent.ALIVE));
        assertEquals(3, lost.get(QuorumEvent.QUORUM));
        a.answer(true);
        b.answer(true);
        advance(2);
        // alive 4: below quorum 3 + hysteresis 1 = 4? no: 4 >= 4 regains it
        assertEquals(List.of("sorry " + S + " 198.51.100.9:8080 w1", "sorry " + S + " none"), sorryCalls());
        assertEquals(List.of("quorum_down of " + S + ": /bin/qdown now", "quorum_up of " + S + ": /bin/qup"),
                quorumRuns());
        Map<String, Object> regained = events.quorum.get(events.quorum.size() - 1);
        assertEquals(tcp("10.0.0.1", 80), ServiceKey.parse((String) regained.get(QuorumEvent.SERVICE)));
        assertEquals(Boolean.TRUE, regained.get(QuorumEvent.UP));
    }

    @Test
    void quorumNeedsQuorumPlusHysteresisToComeBack() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1), rs("192.0.2.2", 80, 1), rs("192.0.2.3", 80, 1)));
        ScriptedProbe a = probe(S + "/192.0.2.1:80/TCP_CHECK", false);
        ScriptedProbe b = probe(S + "/192.0.2.2:80/TCP_CHECK", false);
        probe(S + "/192.0.2.3:80/TCP_CHECK", false);
        engine.apply(plan("""
                virtual_server 10.0.0.1 80 {
                    delay_loop 2
                    retry 0
                    quorum 2
                    hysteresis 1
                    sorry_server 198.51.100.9 80
                    sorry_server_inhibit
                    real_server 192.0.2.1 80 { TCP_CHECK { } }
                    real_server 192.0.2.2 80 { TCP_CHECK { } }
                    real_server 192.0.2.3 80 { TCP_CHECK { } }
                }
                """), probes);
        advance(1);
        assertEquals(List.of("sorry " + S + " 198.51.100.9:80 w1"), sorryCalls());
        a.answer(true);
        b.answer(true);
        advance(2);
        // alive 2 < quorum 2 + hysteresis 1: still lost
        assertEquals(List.of("sorry " + S + " 198.51.100.9:80 w1"), sorryCalls());
        assertEquals(Map.of(S, false), engine.quorumStates());
        probes.values().forEach(p -> ((ScriptedProbe) p).answer(true));
        advance(2);
        // sorry_server_inhibit: the sorry server stays at weight 0 instead of being removed
        assertEquals(List.of("sorry " + S + " 198.51.100.9:80 w1", "sorry " + S + " 198.51.100.9:80 w0"),
                sorryCalls());
        assertEquals(Map.of(S, true), engine.quorumStates());
    }

    @Test
    void aProbeThatNeverAnswersFailsAtItsTimeoutAndDoesNotDelayOtherChecks() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1), rs("192.0.2.2", 80, 1)));
        ScriptedProbe hanging = probe(S + "/192.0.2.1:80/TCP_CHECK", true).hang();
        ScriptedProbe healthy = probe(S + "/192.0.2.2:80/TCP_CHECK", true);
        engine.apply(plan("""
                virtual_server 10.0.0.1 80 {
                    delay_loop 1
                    real_server 192.0.2.1 80 {
                        TCP_CHECK {
                            connect_timeout 3
                            retry 1
                            delay_before_retry 1
                        }
                    }
                    real_server 192.0.2.2 80 { TCP_CHECK { } }
                }
                """), probes);
        advance(12);
        assertEquals(List.of(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5), healthy.attempts);
        // connect timeout 3 s + 1 s grace per attempt, then delay_before_retry, then delay loop
        assertEquals(List.of(0.5, 5.5, 10.5), hanging.attempts);
        assertEquals("DOWN", state(S + "/192.0.2.1:80/TCP_CHECK"));
        assertEquals("UP", state(S + "/192.0.2.2:80/TCP_CHECK"));
        assertTrue(engine.views().get(0).lastResult().contains("no answer within 4000 ms"),
                engine.views().get(0).lastResult());
    }

    @Test
    void pauseKeepsTheVerdictAndStopsAttemptsResumeRunsAtOnce() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1)));
        ScriptedProbe p = probe(S + "/192.0.2.1:80/HTTP_GET", false);
        engine.apply(plan(ONE_SERVER), probes);
        advance(5); // down at 4.5
        assertEquals(1, engine.pause("192.0.2.1:80", true));
        p.answer(true);
        advance(30);
        assertEquals(List.of(2.5, 3.5, 4.5), p.attempts);
        assertEquals("PAUSED", state(S + "/192.0.2.1:80/HTTP_GET"));
        assertEquals(List.of("up 192.0.2.1:80 in " + S, "remove 192.0.2.1:80 in " + S), lb.calls());
        assertEquals(1, engine.pause(null, false));
        advance(0);
        assertEquals(35.0, p.attempts.get(3));
        assertEquals("UP", state(S + "/192.0.2.1:80/HTTP_GET"));
        assertThrows(IllegalArgumentException.class, () -> engine.pause("192.0.2.99:80", true));
    }

    @Test
    void runOnceReportsWithoutChangingState() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1)));
        ScriptedProbe p = probe(S + "/192.0.2.1:80/HTTP_GET", true);
        engine.apply(plan(ONE_SERVER), probes);
        advance(3);
        p.answer(false);
        List<String> lines = engine.runOnce("192.0.2.1:80");
        assertEquals(List.of("HTTP_GET 192.0.2.1:80 (" + S + "): FAILED HTTP 503 in 2.0 ms"), lines);
        assertEquals("UP", state(S + "/192.0.2.1:80/HTTP_GET"));
        assertEquals(0, engine.views().get(0).failures());
        assertEquals(List.of("up 192.0.2.1:80 in " + S), lb.calls());
        assertThrows(IllegalArgumentException.class, () -> engine.runOnce("192.0.2.7:80"));
    }

    @Test
    void aCheckOfAServerTheLoadBalancerDoesNotHaveIdlesUntilItAppears() throws Exception {
        ScriptedProbe p = probe(S + "/192.0.2.1:80/HTTP_GET", true);
        engine.apply(plan(ONE_SERVER), probes);
        advance(20);
        assertEquals(List.of(), p.attempts);
        assertEquals("IDLE", state(S + "/192.0.2.1:80/HTTP_GET"));
        assertEquals(List.of(), lb.calls());
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1)));
        engine.refresh();
        advance(3);
        assertEquals(List.of(22.5), p.attempts);
        assertEquals("UP", state(S + "/192.0.2.1:80/HTTP_GET"));
    }

    @Test
    void reloadKeepsVerdictsOfUnchangedChecksAndLiftsThoseOfRemovedOnes() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 1)));
        ScriptedProbe p = probe(S + "/192.0.2.1:80/HTTP_GET", false);
        engine.apply(plan(ONE_SERVER), probes);
        advance(5);
        assertEquals("DOWN", state(S + "/192.0.2.1:80/HTTP_GET"));
        ScriptedProbe again = probe(S + "/192.0.2.1:80/HTTP_GET", false);
        engine.apply(plan(ONE_SERVER), probes);
        assertTrue(p.closed);
        assertEquals("DOWN", state(S + "/192.0.2.1:80/HTTP_GET"));
        // no flapping and no repeated verdict: the load balancer already has it
        assertEquals(List.of("up 192.0.2.1:80 in " + S, "remove 192.0.2.1:80 in " + S), lb.calls());
        engine.apply(plan("virtual_server 10.0.0.1 80 { real_server 192.0.2.1 80 { } }"), Map.of());
        assertTrue(again.closed);
        assertEquals("up 192.0.2.1:80 in " + S, lb.calls().get(lb.calls().size() - 1));
    }

    @Test
    void weightZeroFromAScriptCheckerKeepsTheServerAtWeightZero() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("192.0.2.1", 80, 5)));
        ScriptedProbe p = probe(S + "/192.0.2.1:80/MISC_CHECK", true).weight(3);
        engine.apply(plan("""
                virtual_server 10.0.0.1 80 {
                    delay_loop 2
                    real_server 192.0.2.1 80 {
                        MISC_CHECK {
                            misc_path /bin/true
                            misc_dynamic
                        }
                    }
                }
                """), probes);
        advance(1);
        assertEquals(3, engine.views().get(0).weight());
        p.weight(0);
        advance(2);
        assertEquals(List.of("up 192.0.2.1:80 in " + S, "inhibit 192.0.2.1:80 in " + S), lb.calls());
        p.weight(4);
        advance(2);
        assertEquals("up 192.0.2.1:80 in " + S, lb.calls().get(2));
    }

    private List<String> sorryCalls() {
        return lb.calls().stream().filter(c -> c.startsWith("sorry")).toList();
    }

    private List<String> quorumRuns() {
        return scripts.runs.stream().filter(r -> r.startsWith("quorum")).toList();
    }
}
