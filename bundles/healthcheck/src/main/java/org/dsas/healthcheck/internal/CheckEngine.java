package org.dsas.healthcheck.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

import org.dsas.core.api.event.QuorumEvent;
import org.dsas.healthcheck.api.CheckEvents;
import org.dsas.healthcheck.api.CheckView;
import org.dsas.healthcheck.internal.CheckPlan.CheckSpec;
import org.dsas.healthcheck.internal.CheckPlan.ServerPlan;
import org.dsas.healthcheck.internal.CheckPlan.ServicePlan;
import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the running checks: schedules every attempt on the {@link CheckScheduler} (no thread per
 * check, no sleeping), keeps each check's keepalived state machine (alpha, retry, delay_before_retry,
 * warmup, delay_loop), folds the checks of a real server into one verdict for the load balancer (up
 * only when all pass, as keepalived), and keeps each service's quorum with hysteresis, sorry server and
 * quorum scripts. Every transition is logged, posted as an event and may run a notify script. All state
 * is guarded by this object's monitor; probes run outside it and report back through futures.
 */
public class CheckEngine {

    private static final Logger LOG = LoggerFactory.getLogger(CheckEngine.class);

    /** How long past its own timeout a probe may take before the engine counts the attempt as failed. */
    static final Duration PROBE_GRACE = Duration.ofSeconds(1);

    /** Alpha checks start DOWN: their first attempt is spread over at most this, not a whole delay loop. */
    static final Duration ALPHA_SPREAD = Duration.ofSeconds(1);

    /** Where events go (EventAdmin in the box). */
    public interface EventSink {
        void post(String topic, Map<String, Object> properties);
    }

    private final LbService lb;
    private final CheckScheduler scheduler;
    private final NotifyScripts scripts;
    private final EventSink events;
    private final LongUnaryOperator jitter;

    private CheckPlan plan = CheckPlan.empty("(none)");
    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final Map<ServerRef, Server> servers = new LinkedHashMap<>();
    private final Map<ServiceKey, Quorum> quorums = new LinkedHashMap<>();
    private Map<ServiceKey, VirtualService> lbServices = Map.of();
    private boolean stopped;

    /**
     * @param jitter given a bound in nanoseconds, a value in [0, bound): spreads first attempts (random in
     *               the box, fixed in tests)
     */
    public CheckEngine(LbService lb, CheckScheduler scheduler, NotifyScripts scripts, EventSink events,
            LongUnaryOperator jitter) {
        this.lb = lb;
        this.scheduler = scheduler;
        this.scripts = scripts;
        this.events = events;
        this.jitter = jitter;
    }

    record ServerRef(ServiceKey service, Endpoint endpoint) {
        @Override
        public String toString() {
            return service + "/" + endpoint;
        }
    }

    /** A real server's checks and the verdict last given to the load balancer (null: none yet). */
    private static final class Server {
        final ServicePlan service;
        final ServerPlan plan;
        final List<Check> checks = new ArrayList<>();
        Boolean pushedUp;
        boolean pushedInhibit;
        /** The load balancer has had our verdict since the server was last present (else it may hold an old one). */
        boolean synced;

        Server(ServicePlan service, ServerPlan plan) {
            this.service = service;
            this.plan = plan;
        }
    }

    /** A service's quorum state: up until the alive weight falls below quorum - hysteresis. */
    private static final class Quorum {
        final ServicePlan plan;
        boolean up = true;
        int alive = -1;

        Quorum(ServicePlan plan) {
            this.plan = plan;
        }
    }

    /** One check's state machine. Mutated only under the engine's monitor. */
    private final class Check {
        final CheckSpec spec;
        final Server server;
        final Probe probe;
        boolean up;
        boolean paused;
        boolean active;
        boolean everRun;
        String idleReason;
        int retryIt;
        int failures;
        int weight = -1;
        String lastResult = "-";
        long latencyMicros = -1;
        long transitions;
        Instant lastChange;
        /** Bumped by every step; a timer or a probe answer carrying an older value is stale and dropped. */
        long seq;

        Check(CheckSpec spec, Server server, Probe probe) {
            this.spec = spec;
            this.server = server;
            this.probe = probe;
            this.up = !spec.alpha();
        }

        void carry(Check old) {
            up = old.up;
            paused = old.paused;
            everRun = old.everRun;
            weight = old.weight;
            lastResult = old.lastResult;
            latencyMicros = old.latencyMicros;
            transitions = old.transitions;
            lastChange = old.lastChange;
            failures = old.failures;
        }

        void start(long delayNanos) {
            active = true;
            idleReason = null;
            long s = ++seq;
            scheduler.schedule(() -> attempt(this, s), delayNanos);
        }

        void stop() {
            active = false;
            seq++;
        }

        String serverName() {
            return server.plan.endpoint().toString();
        }
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Replaces the running checks with {@code next}. {@code probes} holds a probe per check id; a
     * check without one waits for its checker type to be installed. A check whose id was running
     * before keeps its verdict and counters (a reload does not flap servers).
     */
    public synchronized void apply(CheckPlan next, Map<String, Probe> probes) {
        Map<String, Check> old = new LinkedHashMap<>(checks);
        Map<ServerRef, Server> oldServers = new LinkedHashMap<>(servers);
        Map<ServiceKey, Quorum> oldQuorums = new LinkedHashMap<>(quorums);
        for (Check c : old.values()) {
            c.stop();
            if (c.probe != null) {
                c.probe.close();
            }
        }
        checks.clear();
        servers.clear();
        quorums.clear();
        plan = next;
        for (ServicePlan s : next.services()) {
            Quorum q = new Quorum(s);
            Quorum oq = oldQuorums.get(s.key());
            if (oq != null) {
                q.up = oq.up;
                q.alive = oq.alive;
            }
            quorums.put(s.key(), q);
            for (ServerPlan sp : s.servers()) {
                ServerRef ref = new ServerRef(s.key(), sp.endpoint());
                Server server = new Server(s, sp);
                Server os = oldServers.get(ref);
                if (os != null) {
                    server.pushedUp = os.pushedUp;
                    server.pushedInhibit = os.pushedInhibit;
                    server.synced = os.synced;
                }
                servers.put(ref, server);
                for (CheckSpec spec : sp.checks()) {
                    Check c = new Check(spec, server, probes.get(spec.id()));
                    Check was = old.get(spec.id());
                    if (was != null) {
                        c.carry(was);
                    }
                    server.checks.add(c);
                    checks.put(spec.id(), c);
                }
            }
        }
        // What the previous plan put on the load balancer and the new one no longer checks is lifted.
        for (Map.Entry<ServerRef, Server> e : oldServers.entrySet()) {
            Server s = servers.get(e.getKey());
            if (e.getValue().pushedUp == Boolean.FALSE && (s == null || s.checks.isEmpty())) {
                pushHealth(e.getKey(), true, false, "no health check any more");
            }
        }
        for (Quorum oq : oldQuorums.values()) {
            if (!oq.up && !quorums.containsKey(oq.plan.key()) && oq.plan.sorry() != null) {
                setSorry(oq.plan.key(), null);
            }
        }
        LOG.info("check: {} checks of {} services from {}", checks.size(), quorums.size(), next.source());
        for (String note : next.notes()) {
            LOG.warn("check: {}", note);
        }
        refresh();
    }

    /** Follows the load balancer's services: checks of servers that appeared start, of servers that went idle. */
    public synchronized void refresh() {
        if (stopped) {
            return;
        }
        Map<ServiceKey, VirtualService> now = new HashMap<>();
        for (VirtualService v : lb.services()) {
            now.put(v.key(), v);
        }
        lbServices = now;
        for (Server server : servers.values()) {
            VirtualService v = now.get(server.service.key());
            String missing = v == null ? "no service " + server.service.key() + " in the load balancer"
                    : v.server(server.plan.endpoint()).isEmpty() ? "no real server " + server.plan.endpoint() + " in "
                            + server.service.key() : null;
            boolean started = false;
            if (missing != null) {
                server.synced = false;
            }
            for (Check c : server.checks) {
                String why = missing != null ? missing : c.probe == null ? "no " + c.spec.type() + " checker installed"
                        : null;
                if (why != null) {
                    if (c.active) {
                        c.stop();
                    }
                    if (!why.equals(c.idleReason)) {
                        LOG.warn("check[{}] idle: {} ({})", c.spec.id(), why, server.plan.where());
                    }
                    c.idleReason = why;
                } else if (!c.active && !c.paused) {
                    c.start(firstDelay(c));
                    started = true;
                }
            }
            if (started && !server.synced) {
                // The load balancer may hold an older verdict (a restart, a server re-added): give it ours.
                server.pushedUp = null;
                server.synced = true;
                evaluateServer(server, "checks started");
            }
        }
        for (Quorum q : quorums.values()) {
            evaluateQuorum(q);
        }
    }

    private long firstDelay(Check c) {
        if (c.everRun) {
            return jitter.applyAsLong(c.spec.delayLoop().toNanos());
        }
        if (!c.spec.warmup().isZero()) {
            return jitter.applyAsLong(c.spec.warmup().toNanos());
        }
        Duration spread = c.spec.alpha() && ALPHA_SPREAD.compareTo(c.spec.delayLoop()) < 0 ? ALPHA_SPREAD
                : c.spec.delayLoop();
        return jitter.applyAsLong(spread.toNanos());
    }

    public synchronized void stop() {
        stopped = true;
        for (Check c : checks.values()) {
            c.stop();
            if (c.probe != null) {
                c.probe.close();
            }
        }
    }

    // ------------------------------------------------------------------ attempts

    private void attempt(Check c, long s) {
        Probe probe;
        synchronized (this) {
            if (c.seq != s || !c.active || c.paused || stopped) {
                return;
            }
            probe = c.probe;
            s = ++c.seq;
        }
        long started = scheduler.nanoTime();
        long seq = s;
        CompletableFuture<ProbeResult> f;
        try {
            f = probe.attempt();
        } catch (RuntimeException e) {
            f = CompletableFuture.completedFuture(ProbeResult.fail("probe error: " + e, 0));
        }
        // A probe must answer within its timeout; one that does not is failed here, so it cannot stall its check.
        Duration bound = c.spec.target().connectTimeout().plus(PROBE_GRACE);
        CheckScheduler.Cancel guard = scheduler.schedule(() -> completed(c, seq, ProbeResult.fail("no answer within "
                + bound.toMillis() + " ms", scheduler.nanoTime() - started)), bound.toNanos());
        f.whenComplete((r, e) -> {
            guard.cancel();
            completed(c, seq, r != null ? r : ProbeResult.fail("probe error: " + e, scheduler.nanoTime() - started));
        });
    }

    private synchronized void completed(Check c, long s, ProbeResult r) {
        if (c.seq != s || !c.active || stopped) {
            return;
        }
        long next = ++c.seq;
        c.everRun = true;
        c.lastResult = (r.ok() ? "ok " : "failed: ") + r.detail();
        c.latencyMicros = TimeUnit.NANOSECONDS.toMicros(r.latencyNanos());
        boolean weightChanged = r.weight() >= 0 && r.weight() != c.weight;
        if (r.weight() >= 0) {
            c.weight = r.weight();
        }
        Duration delay;
        if (r.ok()) {
            c.failures = 0;
            c.retryIt = 0;
            delay = c.spec.delayLoop();
            if (!c.up) {
                transition(c, true, r.detail());
            } else if (weightChanged) {
                evaluateServer(c.server, c.spec.type() + " weight " + c.weight);
            }
        } else {
            c.failures++;
            if (c.up && c.retryIt < c.spec.retry()) {
                c.retryIt++;
                delay = c.spec.delayBeforeRetry();
            } else {
                c.retryIt = 0;
                delay = c.spec.delayLoop();
                if (c.up) {
                    transition(c, false, r.detail() + " after " + c.failures + " attempt" + (c.failures > 1 ? "s" : ""));
                }
            }
        }
        scheduler.schedule(() -> attempt(c, next), delay.toNanos());
    }

    private void transition(Check c, boolean up, String reason) {
        c.up = up;
        c.transitions++;
        c.lastChange = Instant.now();
        LOG.info("check[{}] {} -> {}: {}", c.spec.id(), up ? "DOWN" : "UP", up ? "UP" : "DOWN", reason);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("service", c.server.service.key().toString());
        props.put("server", c.serverName());
        props.put("check", c.spec.id());
        props.put("reason", reason);
        events.post(up ? CheckEvents.UP : CheckEvents.DOWN, props);
        evaluateServer(c.server, c.spec.type() + ": " + reason);
    }

    // ------------------------------------------------------------------ real servers and quorum

    /** Up when every check with a probe is up and no checker set weight 0; gives the lb a changed verdict. */
    private void evaluateServer(Server server, String reason) {
        boolean up = true;
        boolean inhibit = false;
        String why = reason;
        for (Check c : server.checks) {
            if (c.probe == null || c.idleReason != null && !c.active && !c.paused) {
                continue;
            }
            if (!c.up) {
                if (up) {
                    why = c.spec.type() + ": " + (c.transitions == 0 ? "alpha, no successful check yet" : c.lastResult);
                }
                up = false;
                inhibit |= c.spec.inhibitOnFailure();
            }
        }
        if (up) {
            for (Check c : server.checks) {
                if (c.weight == 0 && c.up) {
                    // No API for a checker's weight: weight 0 is taken as down with inhibit (kept at weight 0).
                    up = false;
                    inhibit = true;
                    why = c.spec.type() + " set weight 0";
                }
            }
        }
        if (server.pushedUp != null && server.pushedUp == up && (up || server.pushedInhibit == inhibit)) {
            return;
        }
        boolean first = server.pushedUp == null;
        server.pushedUp = up;
        server.pushedInhibit = inhibit;
        ServerRef ref = new ServerRef(server.service.key(), server.plan.endpoint());
        pushHealth(ref, up, inhibit, why);
        if (!first) {
            String script = up ? server.plan.notifyUp() : server.plan.notifyDown();
            if (script != null) {
                scripts.run(script, List.of(), (up ? "notify_up" : "notify_down") + " of " + ref);
            }
        }
        Quorum q = quorums.get(server.service.key());
        if (q != null) {
            evaluateQuorum(q);
        }
    }

    private void pushHealth(ServerRef ref, boolean up, boolean inhibit, String reason) {
        try {
            lb.setHealth(ref.service(), ref.endpoint(), up, inhibit, reason);
        } catch (RuntimeException e) {
            LOG.warn("check: {} {}: the load balancer refused: {}", ref, up ? "up" : "down", e.getMessage());
        }
    }

    /** keepalived: alive weight below quorum - hysteresis loses the quorum; at least quorum + hysteresis regains it. */
    private void evaluateQuorum(Quorum q) {
        VirtualService v = lbServices.get(q.plan.key());
        if (v == null) {
            return;
        }
        int alive = 0;
        for (RealServer rs : v.servers()) {
            Server s = servers.get(new ServerRef(v.key(), rs.endpoint()));
            if (s == null || s.pushedUp == null) {
                alive += rs.weight();
            } else if (s.pushedUp) {
                int w = rs.weight();
                for (Check c : s.checks) {
                    if (c.weight >= 0) {
                        w = c.weight;
                    }
                }
                alive += w;
            }
        }
        q.alive = alive;
        ServicePlan p = q.plan;
        if (q.up && alive < p.quorum() - p.hysteresis()) {
            q.up = false;
            LOG.warn("check: quorum of {} lost: alive weight {} < quorum {} - hysteresis {}", p.key(), alive,
                    p.quorum(), p.hysteresis());
            if (p.sorry() != null) {
                setSorry(p.key(), sorryServer(p, v, 1));
            }
            quorumActions(q, p.quorumDown());
        } else if (!q.up && alive >= p.quorum() + p.hysteresis()) {
            q.up = true;
            LOG.info("check: quorum of {} up: alive weight {} >= quorum {} + hysteresis {}", p.key(), alive,
                    p.quorum(), p.hysteresis());
            if (p.sorry() != null) {
                setSorry(p.key(), p.sorryInhibit() ? sorryServer(p, v, 0) : null);
            }
            quorumActions(q, p.quorumUp());
        }
    }

    private static RealServer sorryServer(ServicePlan p, VirtualService v, int weight) {
        ForwardMethod m = p.sorryMethod() != null ? p.sorryMethod()
                : v.servers().isEmpty() ? ForwardMethod.MASQUERADE : v.servers().get(0).method();
        return RealServer.of(p.sorry(), m, weight);
    }

    private void setSorry(ServiceKey key, RealServer sorry) {
        try {
            lb.setSorryServer(key, sorry);
        } catch (RuntimeException e) {
            LOG.warn("check: sorry server of {}: the load balancer refused: {}", key, e.getMessage());
        }
    }

    private void quorumActions(Quorum q, String script) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(QuorumEvent.SERVICE, q.plan.key().toText().toString());
        props.put(QuorumEvent.UP, q.up);
        props.put(QuorumEvent.ALIVE, q.alive);
        props.put(QuorumEvent.QUORUM, q.plan.quorum());
        events.post(QuorumEvent.TOPIC, props);
        if (script != null) {
            scripts.run(script, List.of(), (q.up ? "quorum_up" : "quorum_down") + " of " + q.plan.key());
        }
    }

    // ------------------------------------------------------------------ views and commands

    public synchronized List<CheckView> views() {
        List<CheckView> out = new ArrayList<>();
        for (Check c : checks.values()) {
            String state = c.paused ? "PAUSED" : c.idleReason != null && !c.active ? "IDLE" : c.up ? "UP" : "DOWN";
            int weight = c.weight;
            if (weight < 0) {
                VirtualService v = lbServices.get(c.server.service.key());
                weight = v == null ? -1 : v.server(c.server.plan.endpoint()).map(RealServer::weight).orElse(-1);
            }
            String last = c.idleReason != null && !c.active && !c.everRun ? "idle: " + c.idleReason : c.lastResult;
            out.add(new CheckView(c.spec.id(), c.server.service.key().toString(), c.serverName(), c.spec.type(), state,
                    c.paused, last, c.latencyMicros, c.transitions, c.lastChange, c.failures, weight));
        }
        return out;
    }

    /** Whether each service's quorum is up, for status. */
    public synchronized Map<String, Boolean> quorumStates() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        quorums.forEach((k, q) -> out.put(k.toString(), q.up));
        return out;
    }

    public synchronized CheckPlan plan() {
        return plan;
    }

    /** One attempt of each check of {@code server} (every service), state untouched; blocks the caller only. */
    public List<String> runOnce(String server) {
        Endpoint e = parseServer(server);
        List<Check> matching = new ArrayList<>();
        synchronized (this) {
            for (Check c : checks.values()) {
                if (c.server.plan.endpoint().equals(e)) {
                    matching.add(c);
                }
            }
        }
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("no health check for real server " + e);
        }
        List<CompletableFuture<ProbeResult>> started = new ArrayList<>();
        for (Check c : matching) {
            if (c.probe == null) {
                started.add(null);
                continue;
            }
            CompletableFuture<ProbeResult> f;
            try {
                f = c.probe.attempt();
            } catch (RuntimeException ex) {
                f = CompletableFuture.completedFuture(ProbeResult.fail("probe error: " + ex, 0));
            }
            started.add(f);
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < matching.size(); i++) {
            Check c = matching.get(i);
            String head = c.spec.type() + " " + c.serverName() + " (" + c.server.service.key() + "): ";
            CompletableFuture<ProbeResult> f = started.get(i);
            if (f == null) {
                lines.add(head + "not run: no " + c.spec.type() + " checker installed");
                continue;
            }
            Duration bound = c.spec.target().connectTimeout().plus(PROBE_GRACE);
            ProbeResult r;
            try {
                r = f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException ex) {
                r = ProbeResult.fail("no answer within " + bound.toMillis() + " ms", bound.toNanos());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            } catch (java.util.concurrent.ExecutionException ex) {
                r = ProbeResult.fail("probe error: " + ex.getCause(), 0);
            }
            lines.add(head + (r.ok() ? "ok " : "FAILED ") + r.detail() + " in "
                    + String.format(java.util.Locale.ROOT, "%.1f ms", r.latencyNanos() / 1e6)
                    + (r.weight() >= 0 ? " weight " + r.weight() : ""));
        }
        return lines;
    }

    /** Pauses or resumes the checks of one real server ("address:port") or all (null); returns how many changed. */
    public synchronized int pause(String server, boolean paused) {
        Endpoint e = server == null ? null : parseServer(server);
        int n = 0;
        for (Check c : checks.values()) {
            if ((e == null || c.server.plan.endpoint().equals(e)) && c.paused != paused) {
                c.paused = paused;
                n++;
                if (paused) {
                    c.stop();
                    LOG.info("check[{}] paused, verdict stays {}", c.spec.id(), c.up ? "UP" : "DOWN");
                } else {
                    LOG.info("check[{}] resumed", c.spec.id());
                }
            }
        }
        if (e != null && n == 0 && servers.keySet().stream().noneMatch(r -> r.endpoint().equals(e))) {
            throw new IllegalArgumentException("no health check for real server " + e);
        }
        if (!paused && n > 0) {
            // Resumed checks start now (their next attempt is due at once), through the usual activation.
            for (Check c : checks.values()) {
                if (!c.paused && !c.active && c.idleReason == null && c.probe != null) {
                    c.active = true;
                    long s = ++c.seq;
                    scheduler.schedule(() -> attempt(c, s), 0);
                }
            }
            refresh();
        }
        return n;
    }

    /** "192.0.2.1:80" or "[2001:db8::1]:80", numeric only. */
    static Endpoint parseServer(String text) {
        Objects.requireNonNull(text, "server");
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        String host = colon > 0 ? t.substring(0, colon) : "";
        String port = colon > 0 ? t.substring(colon + 1) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            host = "";
        }
        try {
            int p = Integer.parseInt(port);
            if (host.matches("[0-9A-Fa-f:.]+") && (host.indexOf('.') >= 0 || host.indexOf(':') >= 0)) {
                return new Endpoint(java.net.InetAddress.getByName(host), p);
            }
        } catch (NumberFormatException | java.net.UnknownHostException e) {
            // named below
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("real server " + text + ": " + e.getMessage());
        }
        throw new IllegalArgumentException("real server '" + text + "' is not address:port (192.0.2.1:80, "
                + "[2001:db8::1]:80)");
    }
}
