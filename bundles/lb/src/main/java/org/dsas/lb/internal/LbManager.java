package org.dsas.lb.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.ConfigProblems;
import org.dsas.core.api.StatusContributor;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.LbEvents;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneException;
import org.dsas.lb.dataplane.DataplaneProbe;
import org.dsas.lb.dataplane.DataplaneProvider;
import org.dsas.lb.internal.Overlays.Health;
import org.dsas.lb.internal.text.IpvsadmSave;
import org.dsas.lb.internal.text.ServiceValidator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the load balancer of this box: the operator's desired state (persisted
 * in etc/dsas-lb.rules in ipvsadm-save format, drains in etc/dsas-lb.drained),
 * the overlays health checks put on it, the choice of dataplane, and the
 * reconcile loop. Every dataplane call runs on one worker thread, so the
 * dataplane never sees two changes at once. A bad rules file is rejected whole
 * and the reconcile loop stands still until it is fixed: nothing is removed
 * from the dataplane because a file failed to parse.
 */
@Component(service = {LbService.class, StatusContributor.class}, configurationPid = LbConfig.PID, immediate = true)
@Designate(ocd = LbConfig.Config.class)
public class LbManager implements LbService, StatusContributor {

    private static final Logger LOG = LoggerFactory.getLogger(LbManager.class);
    private static final long CALL_TIMEOUT_SECONDS = 60;

    private record ProviderEntry(DataplaneProvider provider, String name, int preference) {
    }

    private final Map<DataplaneProvider, ProviderEntry> providers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Reference
    ConfigAlarms alarms;

    private final Object lock = new Object();
    private volatile LbConfig config;
    private volatile List<VirtualService> configured = List.of();
    private volatile Overlays overlays = Overlays.NONE;
    private volatile String rulesError;
    /** Every problem of the rejected rules file, one line each, for the alarms. */
    private volatile List<String> rulesProblems = List.of();
    private volatile long rulesStamp;

    // Confined to the worker thread.
    private Dataplane dataplane;
    private ProviderEntry running;
    private boolean reselect = true;

    private volatile BackendInfo backend = new BackendInfo("none", "not started", List.of());
    private volatile Set<String> schedulers = Set.of();
    private volatile Set<ForwardMethod> methods = Set.of();
    private volatile String backendError;
    private volatile List<String> applyFailures = List.of();
    private volatile Instant lastReconcile;
    private volatile long driftEvents;
    private volatile String lastDrift;
    private volatile Map<String, Object> lastCounts = Map.of();

    private ScheduledExecutorService worker;
    private ScheduledFuture<?> tick;
    private Path etc = Paths.get(System.getProperty("karaf.etc", "etc"));

    /** For tests: where etc/ is. */
    void etc(Path dir) {
        this.etc = dir;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(DataplaneProvider provider, Map<String, Object> props) {
        Object name = props.get(DataplaneProvider.NAME);
        Object pref = props.get(DataplaneProvider.PREFERENCE);
        providers.put(provider, new ProviderEntry(provider, name == null ? provider.getClass().getSimpleName()
                : name.toString(), pref instanceof Number n ? n.intValue() : 0));
        requestReselect();
    }

    void removeProvider(DataplaneProvider provider, Map<String, Object> props) {
        ProviderEntry gone = providers.remove(provider);
        ScheduledExecutorService w = worker;
        if (w != null && gone != null) {
            // The provider's bundle is going: let go of its dataplane now, without flushing it.
            try {
                w.submit(() -> {
                    if (running == gone) {
                        closeDataplane(false);
                    }
                    reselect = true;
                }).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("lb: releasing dataplane {}: {}", gone.name(), e.toString());
            }
        }
    }

    @Activate
    void activate(Map<String, Object> props) {
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lb-reconciler");
            t.setDaemon(true);
            return t;
        });
        configure(props, true);
    }

    @Modified
    void modified(Map<String, Object> props) {
        configure(props, false);
    }

    private void configure(Map<String, Object> props, boolean first) {
        ConfigCheck check = ConfigCheck.of(LbConfig.PID, LbConfig.Config.class, props);
        LbConfig next = LbConfig.check(check, etc);
        if (!check.passed(alarms)) {
            if (!first) {
                return;
            }
            next = LbConfig.parse(Map.of(), etc);
        }
        LbConfig previous = config;
        config = next;
        synchronized (lock) {
            if (previous == null || !previous.rulesFile().equals(next.rulesFile())) {
                loadRules();
                loadDrains();
            }
        }
        if (previous != null && !previous.backend().equals(next.backend())) {
            requestReselect();
        }
        if (tick != null) {
            tick.cancel(false);
        }
        tick = worker.scheduleWithFixedDelay(this::periodic, 0, next.reconcileSeconds(), TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        if (tick != null) {
            tick.cancel(false);
        }
        try {
            // A bundle update or role switch must not cut traffic: kernel dataplanes keep their state.
            worker.submit(() -> closeDataplane(false)).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("lb: closing dataplane: {}", e.toString());
        }
        worker.shutdownNow();
    }

    private void requestReselect() {
        ScheduledExecutorService w = worker;
        if (w != null && !w.isShutdown()) {
            w.execute(() -> {
                reselect = true;
                reconcile(false);
            });
        }
    }

    // ---------------------------------------------------------------- desired state

    /** Loads the rules file; a bad file is rejected whole, the state in force stays. Caller holds lock. */
    private void loadRules() {
        Path file = config.rulesFile();
        try {
            if (!Files.exists(file)) {
                rulesStamp = 0;
                rulesError = null;
                return;
            }
            long stamp = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
            List<VirtualService> parsed = IpvsadmSave.parse(Files.readString(file, StandardCharsets.UTF_8),
                    file.toString());
            ServiceValidator.validate(parsed);
            configured = List.copyOf(parsed);
            overlays = overlays.retain(configured);
            rulesStamp = stamp;
            if (rulesError != null) {
                LOG.info("lb: {} accepted again: {} services", file, parsed.size());
            }
            rulesError = null;
        } catch (IOException e) {
            rulesError = "cannot read " + file + ": " + e.getMessage();
            LOG.error("lb: {}; nothing applied", rulesError);
        } catch (IllegalArgumentException e) {
            rulesError = e.getMessage();
            rulesProblems = ConfigProblems.of(e);
            rulesProblems.forEach(p -> LOG.error("lb: {}", p));
            LOG.error("lb: {} rejected ({} problem(s)), nothing applied", file, rulesProblems.size());
            try {
                rulesStamp = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
            } catch (IOException ignored) {
                rulesStamp = -1;
            }
        }
    }

    private void loadDrains() {
        Path file = config.drainFile();
        if (!Files.exists(file)) {
            return;
        }
        Overlays o = overlays;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    o = o.withDrain(ServiceValidator.parseEndpoint(l), true);
                }
            }
            overlays = o;
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("lb: {}: {}; no drains restored", file, e.getMessage());
        }
    }

    /** Picks up hand edits of the rules file. Caller holds lock. */
    private void reloadIfChanged() {
        Path file = config.rulesFile();
        try {
            long stamp = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() ^ Files.size(file) : 0;
            if (stamp != rulesStamp) {
                LOG.info("lb: {} changed on disk; reloading", file);
                loadRules();
            }
        } catch (IOException e) {
            LOG.warn("lb: {}: {}", file, e.toString());
        }
    }

    private void persist(List<VirtualService> services) {
        Path file = config.rulesFile();
        String text = "# DSAS load balancer desired state (ipvsadm-save format), written by lb: commands.\n"
                + "# Hand edits are picked up at the next reconcile; a bad line rejects the whole file.\n"
                + IpvsadmSave.write(services, true);
        write(file, text);
        try {
            rulesStamp = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
        } catch (IOException e) {
            rulesStamp = -1;
        }
        rulesError = null;
    }

    private void persistDrains(Overlays o) {
        StringBuilder b = new StringBuilder("# Real servers drained by the operator (lb:drain); lb:undrain lifts.\n");
        o.drained().stream().sorted().forEach(e -> b.append(e).append('\n'));
        write(config.drainFile(), b.toString());
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Validates the whole candidate state, also against what the running dataplane can do. */
    private void validate(List<VirtualService> candidate) {
        ServiceValidator.validate(candidate);
        String name = backend.name();
        if (schedulers.isEmpty()) {
            return;
        }
        for (VirtualService s : candidate) {
            if (!schedulers.contains(s.scheduler())) {
                throw new IllegalArgumentException(s.key() + ": scheduler '" + s.scheduler()
                        + "' is not supported by the " + name + " dataplane (it runs: "
                        + String.join(", ", new TreeSet<>(schedulers)) + ")");
            }
            for (RealServer r : s.servers()) {
                if (!methods.contains(r.method())) {
                    throw new IllegalArgumentException(s.key() + ": real server " + r.endpoint() + ": forwarding "
                            + r.method().name().toLowerCase() + " is not supported by the " + name + " dataplane");
                }
            }
        }
    }

    private List<Change> mutate(UnaryOperator<List<VirtualService>> change) {
        synchronized (lock) {
            if (rulesError != null) {
                throw new IllegalStateException("the rules file is rejected (" + rulesError
                        + "); fix it or replace the state with lb:import first");
            }
            List<VirtualService> next = change.apply(new ArrayList<>(configured));
            next.sort(Comparator.comparing(VirtualService::key));
            validate(next);
            persist(next);
            configured = List.copyOf(next);
            overlays = overlays.retain(configured);
        }
        return applyNow();
    }

    private static int index(List<VirtualService> services, ServiceKey key) {
        for (int i = 0; i < services.size(); i++) {
            if (services.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static VirtualService existing(List<VirtualService> services, ServiceKey key) {
        int i = index(services, key);
        if (i < 0) {
            throw new IllegalArgumentException("no virtual service " + key);
        }
        return services.get(i);
    }

    @Override
    public List<VirtualService> services() {
        return configured;
    }

    @Override
    public void addService(VirtualService service) {
        mutate(list -> {
            if (index(list, service.key()) >= 0) {
                throw new IllegalArgumentException("virtual service " + service.key() + " exists already");
            }
            list.add(service);
            return list;
        });
    }

    @Override
    public void editService(VirtualService service) {
        mutate(list -> {
            VirtualService old = existing(list, service.key());
            list.set(index(list, service.key()), service.withServers(old.servers()));
            return list;
        });
    }

    @Override
    public void deleteService(ServiceKey key) {
        mutate(list -> {
            list.remove(existing(list, key));
            return list;
        });
    }

    @Override
    public void addServer(ServiceKey service, RealServer server) {
        mutate(list -> {
            VirtualService s = existing(list, service);
            if (s.server(server.endpoint()).isPresent()) {
                throw new IllegalArgumentException("real server " + server.endpoint() + " exists already in "
                        + service);
            }
            List<RealServer> servers = new ArrayList<>(s.servers());
            servers.add(server);
            list.set(index(list, service), s.withServers(servers));
            return list;
        });
    }

    @Override
    public void editServer(ServiceKey service, RealServer server) {
        mutate(list -> {
            VirtualService s = existing(list, service);
            if (s.server(server.endpoint()).isEmpty()) {
                throw new IllegalArgumentException("no real server " + server.endpoint() + " in " + service);
            }
            List<RealServer> servers = new ArrayList<>(s.servers());
            servers.replaceAll(r -> r.endpoint().equals(server.endpoint()) ? server : r);
            list.set(index(list, service), s.withServers(servers));
            return list;
        });
    }

    @Override
    public void deleteServer(ServiceKey service, Endpoint server) {
        mutate(list -> {
            VirtualService s = existing(list, service);
            if (s.server(server).isEmpty()) {
                throw new IllegalArgumentException("no real server " + server + " in " + service);
            }
            List<RealServer> servers = new ArrayList<>(s.servers());
            servers.removeIf(r -> r.endpoint().equals(server));
            list.set(index(list, service), s.withServers(servers));
            return list;
        });
    }

    @Override
    public void replaceAll(List<VirtualService> services) {
        synchronized (lock) {
            List<VirtualService> next = new ArrayList<>(services);
            next.sort(Comparator.comparing(VirtualService::key));
            validate(next);
            persist(next);
            configured = List.copyOf(next);
            overlays = overlays.retain(configured);
        }
        applyNow();
    }

    @Override
    public List<ServerState> drain(Endpoint server) {
        boolean known = configured.stream().anyMatch(s -> s.server(server).isPresent());
        if (!known) {
            throw new IllegalArgumentException("real server " + server + " is in no virtual service");
        }
        synchronized (lock) {
            Overlays next = overlays.withDrain(server, true);
            persistDrains(next);
            overlays = next;
        }
        applyNow();
        List<ServerState> left = new ArrayList<>();
        for (ServiceState s : read()) {
            s.servers().stream().filter(r -> r.server().endpoint().equals(server)).forEach(left::add);
        }
        return left;
    }

    @Override
    public void undrain(Endpoint server) {
        synchronized (lock) {
            if (!overlays.drained().contains(server)) {
                throw new IllegalArgumentException("real server " + server + " is not drained");
            }
            Overlays next = overlays.withDrain(server, false);
            persistDrains(next);
            overlays = next;
        }
        applyNow();
    }

    /** Endpoints the operator drained. */
    public Set<Endpoint> drained() {
        return overlays.drained();
    }

    @Override
    public void setHealth(ServiceKey service, Endpoint server, boolean up, boolean inhibit, String reason) {
        synchronized (lock) {
            if (configured.stream().noneMatch(s -> s.key().equals(service) && s.server(server).isPresent())) {
                throw new IllegalArgumentException("no real server " + server + " in " + service);
            }
            overlays = overlays.withHealth(service, server, new Health(up, inhibit, reason));
            pendingOverlay = true;
        }
        LOG.info("lb: {} {} in {}: {}", server, up ? "up" : inhibit ? "down (weight 0)" : "down (removed)", service,
                reason);
        worker.execute(() -> reconcile(false));
    }

    @Override
    public void setSorryServer(ServiceKey service, RealServer sorry) {
        synchronized (lock) {
            existing(configured, service);
            overlays = overlays.withSorry(service, sorry);
            pendingOverlay = true;
        }
        worker.execute(() -> reconcile(false));
    }

    // ---------------------------------------------------------------- dataplane side

    private <T> T onWorker(Callable<T> task) {
        try {
            return worker.submit(task).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the dataplane did not answer within " + CALL_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private Dataplane requireDataplane() {
        ensureBackend();
        if (dataplane == null) {
            throw new IllegalStateException("no dataplane runs: " + (backendError != null ? backendError
                    : "no dataplane bundle present"));
        }
        return dataplane;
    }

    @Override
    public List<ServiceState> read() {
        return onWorker(() -> {
            try {
                return requireDataplane().read();
            } catch (DataplaneException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    @Override
    public BackendInfo backend() {
        return onWorker(() -> {
            ensureBackend();
            return backend;
        });
    }

    @Override
    public void zero(ServiceKey service) {
        onWorker(() -> {
            requireDataplane().zero(service);
            return null;
        });
    }

    @Override
    public org.dsas.lb.api.Timeouts timeouts() {
        return onWorker(() -> {
            try {
                return requireDataplane().timeouts();
            } catch (DataplaneException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    @Override
    public void setTimeouts(org.dsas.lb.api.Timeouts timeouts) {
        onWorker(() -> {
            try {
                requireDataplane().setTimeouts(timeouts);
            } catch (DataplaneException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            LOG.info("lb[{}] timeouts set: {}", backend.name(), timeouts);
            return null;
        });
    }

    @Override
    public List<Change> diff() {
        return onWorker(() -> {
            List<VirtualService> effective = overlays.effective(configured);
            return Reconciler.diff(effective, requireDataplane().read(), config.foreign()).stream()
                    .map(Reconciler.Step::change).toList();
        });
    }

    @Override
    public List<Change> apply() {
        return applyNow();
    }

    private List<Change> applyNow() {
        Reconciler.Outcome outcome = onWorker(() -> {
            requireDataplane();
            return reconcile(true);
        });
        if (outcome != null && !outcome.ok()) {
            throw new IllegalStateException("saved; " + outcome.failures().size() + " change(s) failed on the "
                    + backend.name() + " dataplane: " + String.join("; ", outcome.failures()));
        }
        return outcome == null ? List.of() : outcome.applied();
    }

    private void periodic() {
        try {
            synchronized (lock) {
                reloadIfChanged();
            }
            reconcile(false);
        } catch (RuntimeException e) {
            LOG.error("lb: reconcile: {}", e.toString());
        }
    }

    /**
     * One reconcile pass on the worker. {@code requested}: the operator or a change asked for it (always
     * applies); otherwise a difference is drift and the drift policy decides.
     */
    private Reconciler.Outcome reconcile(boolean requested) {
        ensureBackend();
        if (dataplane == null || (rulesError != null && !requested)) {
            return null;
        }
        List<VirtualService> effective = overlays.effective(configured);
        List<ServiceState> actual;
        try {
            actual = dataplane.read();
        } catch (DataplaneException e) {
            backendError = "read " + backend.name() + ": " + e.getMessage();
            LOG.error("lb: {}", backendError);
            return new Reconciler.Outcome(List.of(), List.of(backendError));
        }
        remember(actual);
        List<Reconciler.Step> steps = Reconciler.diff(effective, actual, config.foreign());
        lastReconcile = Instant.now();
        if (steps.isEmpty()) {
            return new Reconciler.Outcome(List.of(), List.of());
        }
        boolean drift = !requested && !pendingOverlay;
        pendingOverlay = false;
        if (drift) {
            driftEvents++;
            lastDrift = lastReconcile + ": " + steps.size() + " change(s): " + steps.get(0).change().description()
                    + (steps.size() > 1 ? " ..." : "");
            post(LbEvents.DRIFT, Map.of("backend", backend.name(), "changes", steps.size(),
                    "policy", config.drift().name().toLowerCase()));
            if (config.drift() == LbConfig.Drift.REPORT) {
                LOG.warn("lb: drift on {} ({} change(s) to desired state), policy report: {}", backend.name(),
                        steps.size(), steps.stream().map(s -> s.change().description()).toList());
                return null;
            }
            LOG.warn("lb: drift on {}: repairing {} change(s): {}", backend.name(), steps.size(),
                    steps.stream().map(s -> s.change().description()).toList());
        }
        Reconciler.Outcome outcome = Reconciler.apply(dataplane, steps);
        applyFailures = outcome.failures();
        for (var c : outcome.applied()) {
            LOG.info("lb[{}] {}", backend.name(), c.description());
        }
        for (String f : outcome.failures()) {
            LOG.error("lb[{}] {}", backend.name(), f);
        }
        post(LbEvents.APPLIED, Map.of("backend", backend.name(), "changes", outcome.applied().size(),
                "failures", outcome.failures().size()));
        try {
            remember(dataplane.read());
        } catch (DataplaneException e) {
            // counts stay from before
        }
        return outcome;
    }

    /** Set by health/sorry changes so the pass they trigger is not taken for drift. */
    private volatile boolean pendingOverlay;

    private void remember(List<ServiceState> actual) {
        int servers = 0;
        long active = 0;
        for (ServiceState s : actual) {
            servers += s.servers().size();
            for (ServerState r : s.servers()) {
                active += r.activeConnections();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("servicesRunning", actual.size());
        m.put("realServersRunning", servers);
        m.put("activeConnections", active);
        lastCounts = m;
    }

    /** Opens the preferred (or configured) available dataplane when none runs or the choice may have changed. */
    private void ensureBackend() {
        if (!reselect && dataplane != null) {
            return;
        }
        reselect = false;
        String wanted = config.backend();
        List<ProviderEntry> ranked = new ArrayList<>(providers.values());
        ranked.sort(Comparator.comparingInt(ProviderEntry::preference).reversed());
        List<String> unavailable = new ArrayList<>();
        ProviderEntry chosen = null;
        String reason = null;
        for (ProviderEntry p : ranked) {
            if (!wanted.equals("auto") && !wanted.equals(p.name())) {
                continue;
            }
            DataplaneProbe probe;
            try {
                probe = p.provider().probe();
            } catch (RuntimeException e) {
                probe = DataplaneProbe.unavailable(p.name(), "probe failed: " + e);
            }
            if (probe.available() && chosen == null) {
                chosen = p;
                reason = (wanted.equals("auto") ? "auto: " : "configured (backend = " + wanted + "): ")
                        + probe.reason();
            } else if (!probe.available()) {
                unavailable.add(p.name() + ": " + probe.reason());
            }
        }
        if (chosen == null) {
            closeDataplane(false);
            backendError = wanted.equals("auto")
                    ? "no dataplane available" + (unavailable.isEmpty() ? "" : " (" + String.join("; ", unavailable) + ")")
                    : "backend " + wanted + " configured but " + (unavailable.isEmpty() ? "its bundle is not present"
                            : String.join("; ", unavailable));
            backend = new BackendInfo("none", backendError, unavailable);
            LOG.error("lb: {}", backendError);
            return;
        }
        if (chosen == running && dataplane != null) {
            backend = new BackendInfo(chosen.name(), reason, unavailable);
            return;
        }
        // Switching from one dataplane to another: the old one gives up what it forwarded.
        closeDataplane(running != null);
        try {
            dataplane = chosen.provider().open();
            running = chosen;
            schedulers = Set.copyOf(dataplane.schedulers());
            methods = Set.copyOf(dataplane.methods());
            backend = new BackendInfo(chosen.name(), reason, unavailable);
            backendError = null;
            pendingOverlay = true; // filling a freshly opened dataplane is not drift
            LOG.info("lb: dataplane {} ({})", chosen.name(), reason);
        } catch (DataplaneException | RuntimeException e) {
            backendError = "open " + chosen.name() + ": " + e.getMessage();
            backend = new BackendInfo("none", backendError, unavailable);
            LOG.error("lb: {}", backendError);
            reselect = true;
        }
    }

    private void closeDataplane(boolean flush) {
        if (dataplane == null) {
            return;
        }
        if (flush) {
            try {
                dataplane.flush();
            } catch (DataplaneException | RuntimeException e) {
                LOG.warn("lb: flushing {} before switching: {}", running.name(), e.getMessage());
            }
        }
        try {
            dataplane.close();
        } catch (RuntimeException e) {
            LOG.warn("lb: closing {}: {}", running.name(), e.toString());
        }
        dataplane = null;
        running = null;
        schedulers = Set.of();
        methods = Set.of();
    }

    private void post(String topic, Map<String, Object> props) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, new HashMap<>(props)));
        }
    }

    // ---------------------------------------------------------------- status

    @Override
    public String section() {
        return "lb";
    }

    /**
     * The lb section: camelCase keys (dsas:status prints them as words), counts as numbers, times as ISO-8601
     * text or null when they never happened.
     */
    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        BackendInfo b = backend;
        m.put("backend", b.name());
        m.put("reason", b.reason());
        m.put("services", configured.size());
        m.put("realServers", configured.stream().mapToInt(s -> s.servers().size()).sum());
        m.putAll(lastCounts);
        m.put("drained", overlays.drained().stream().map(Endpoint::toString).sorted().toList());
        long down = overlays.health().values().stream().mapToLong(Map::size).sum();
        m.put("downByChecks", down);
        m.put("rulesFile", config.rulesFile().toString());
        m.put("driftPolicy", config.drift().name().toLowerCase());
        m.put("driftEvents", driftEvents);
        m.put("lastDrift", lastDrift);
        m.put("lastReconcile", lastReconcile == null ? null : lastReconcile.toString());
        return m;
    }

    @Override
    public List<String> alarms() {
        List<String> a = new ArrayList<>();
        if (rulesError != null) {
            rulesProblems.forEach(p -> a.add("lb rules rejected: " + p));
        }
        if (backendError != null) {
            a.add("lb: " + backendError);
        }
        for (String f : applyFailures) {
            a.add("lb apply failed: " + f);
        }
        return a;
    }
}
