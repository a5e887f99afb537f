package org.dsas.healthcheck.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;

/** Test doubles for the engine: a load balancer that records what it is told, scripted probes, recorded scripts. */
final class Fakes {

    private Fakes() {
    }

    static Endpoint ep(String address, int port) {
        try {
            return new Endpoint(InetAddress.getByName(address), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ServiceKey tcp(String address, int port) {
        return ServiceKey.of(Protocol.TCP, ep(address, port));
    }

    /**
     * Records setHealth and setSorryServer as lines; its services are what the test puts in. A proxy,
     * so the fake follows LbService as it grows; anything else the engine calls fails the test.
     */
    static final class Lb {
        final List<VirtualService> services = new CopyOnWriteArrayList<>();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final LbService service = (LbService) Proxy.newProxyInstance(LbService.class.getClassLoader(),
                new Class<?>[] {LbService.class}, this::invoke);

        Lb add(ServiceKey key, List<RealServer> servers) {
            services.removeIf(s -> s.key().equals(key));
            services.add(VirtualService.of(key, "wlc").withServers(servers));
            return this;
        }

        static RealServer rs(String address, int port, int weight) {
            return RealServer.of(ep(address, port), ForwardMethod.MASQUERADE, weight);
        }

        List<String> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }

        private Object invoke(Object proxy, Method m, Object[] a) {
            switch (m.getName()) {
                case "services":
                    return List.copyOf(services);
                case "setHealth":
                    boolean up = (Boolean) a[2];
                    calls.add((up ? "up " : (Boolean) a[3] ? "inhibit " : "remove ") + a[1] + " in " + a[0]);
                    return null;
                case "setSorryServer":
                    RealServer sorry = (RealServer) a[1];
                    calls.add("sorry " + a[0] + " " + (sorry == null ? "none" : sorry.endpoint() + " w" + sorry.weight()));
                    return null;
                case "toString":
                    return "fake lb";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == a[0];
                default:
                    throw new UnsupportedOperationException("the health checks must not call LbService." + m.getName());
            }
        }
    }

    /** Answers each attempt with what {@code next} supplies (switchable by the test); records attempt times. */
    static final class ScriptedProbe implements Probe {
        final ManualScheduler clock;
        volatile Supplier<CompletableFuture<ProbeResult>> next;
        final List<Double> attempts = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        ScriptedProbe(ManualScheduler clock, boolean ok) {
            this.clock = clock;
            answer(ok);
        }

        ScriptedProbe answer(boolean ok) {
            next = () -> CompletableFuture.completedFuture(ok ? ProbeResult.pass("HTTP 200", 1_000_000)
                    : ProbeResult.fail("HTTP 503", 2_000_000));
            return this;
        }

        ScriptedProbe weight(int w) {
            next = () -> CompletableFuture.completedFuture(new ProbeResult(true, "exit " + (w + 2), 1_000, w));
            return this;
        }

        /** Never answers: a target that accepts and says nothing, with a probe that forgot its timeout. */
        ScriptedProbe hang() {
            next = CompletableFuture::new;
            return this;
        }

        @Override
        public String type() {
            return "HTTP_GET";
        }

        @Override
        public CompletableFuture<ProbeResult> attempt() {
            attempts.add(clock.seconds());
            return next.get();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Records which script would run instead of starting a process. */
    static final class RecordedScripts extends NotifyScripts {
        final List<String> runs = new CopyOnWriteArrayList<>();

        RecordedScripts(CheckScheduler s) {
            super(s, Duration.ofSeconds(1));
        }

        @Override
        public CompletableFuture<Outcome> run(String command, List<String> args, String what) {
            runs.add(what + ": " + command);
            return CompletableFuture.completedFuture(Outcome.EXITED_0);
        }
    }

    /** Records posted events as "topic {props}". */
    static final class Events implements CheckEngine.EventSink {
        final List<String> posted = new CopyOnWriteArrayList<>();
        final List<Map<String, Object>> quorum = new CopyOnWriteArrayList<>();

        @Override
        public void post(String topic, Map<String, Object> properties) {
            posted.add(topic + " " + properties);
            if (topic.equals(org.dsas.core.api.event.QuorumEvent.TOPIC)) {
                quorum.add(Map.copyOf(properties));
            }
        }
    }
}
