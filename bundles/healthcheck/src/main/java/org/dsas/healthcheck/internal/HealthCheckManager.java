package org.dsas.healthcheck.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.ConfigRange;
import org.dsas.core.api.ConfigProblems;
import org.dsas.core.api.StatusContributor;
import org.dsas.healthcheck.api.CheckService;
import org.dsas.healthcheck.api.CheckView;
import org.dsas.healthcheck.internal.CheckPlan.CheckSpec;
import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeFactory;
import org.dsas.keepalived.conf.ConfNode;
import org.dsas.keepalived.conf.KeepalivedConfException;
import org.dsas.keepalived.conf.KeepalivedConfParser;
import org.dsas.kernel.api.NetworkKernel;
import org.dsas.lb.api.CheckConfigValidator;
import org.dsas.lb.api.LbService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the health-check capability in the box: the settings (etc/org.dsas.healthcheck.cfg), the
 * checks file (etc/dsas-lb-checks.conf, polled for changes), the Netty event loops every check and
 * probe runs on, the probe factories, and the {@link CheckEngine}. A checks file is validated whole,
 * probes included, before anything is applied; a bad one leaves the previous checks running and
 * raises an alarm in dsas:status until it is fixed.
 */
@Component(service = {CheckService.class, StatusContributor.class, CheckConfigValidator.class}, configurationPid = HealthCheckManager.PID,
        immediate = true)
@Designate(ocd = HealthCheckManager.Config.class)
public class HealthCheckManager implements CheckService, StatusContributor, CheckConfigValidator {

    static final String PID = "org.dsas.healthcheck";
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheckManager.class);

    @ObjectClassDefinition(name = "DSAS health checks")
    public @interface Config {
        @AttributeDefinition(description = "The checks, in keepalived syntax, relative to etc/ (lb:import-keepalived writes it)")
        String checks_file() default "dsas-lb-checks.conf";

        @AttributeDefinition(description = "Seconds between looks at the checks file and the load balancer's services (0.1-3600)")
        @ConfigRange(min = 0.1, max = 3600)
        double poll_interval() default 2;

        @AttributeDefinition(description = "Netty event-loop threads every check and probe runs on (1-16); read at start")
        @ConfigRange(min = 1, max = 16)
        int threads() default 1;

        @AttributeDefinition(description = "Seconds a notify or quorum script may run before it is killed (0.1-3600)")
        @ConfigRange(min = 0.1, max = 3600)
        double script_timeout() default 30;
    }

    /** The settings, validated. */
    record Settings(Path checksFile, Duration poll, int threads, Duration scriptTimeout) {
    }

    @Reference
    private LbService lb;

    @Reference
    ConfigAlarms alarms;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private volatile NetworkKernel kernel;

    private final Map<String, ProbeFactory> factories = new ConcurrentHashMap<>();
    private final AtomicBoolean reloadWanted = new AtomicBoolean(true);
    private final Object loadLock = new Object();

    private Path etc = Paths.get(System.getProperty("karaf.etc", "etc"));
    private volatile Settings settings;
    private volatile List<String> checksErrors = List.of();
    private volatile Instant loadedAt;
    private volatile String fileStamp;
    private EventLoopGroup loops;
    private CheckScheduler scheduler;
    private NotifyScripts scripts;
    private volatile CheckEngine engine;
    private volatile CheckScheduler.Cancel poller;
    private volatile boolean running;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addFactory(ProbeFactory factory) {
        for (String type : factory.types()) {
            factories.put(type, factory);
        }
        reloadWanted.set(true);
    }

    void removeFactory(ProbeFactory factory) {
        factories.values().removeIf(f -> f == factory);
        // Its probes belong to a leaving bundle: rebuild now, so none of them runs again.
        reloadWanted.set(true);
        if (running) {
            load();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindKernel(NetworkKernel k) {
        kernel = k;
        reloadWanted.set(true);
    }

    void unbindKernel(NetworkKernel k) {
        if (kernel == k) {
            kernel = null;
            reloadWanted.set(true);
        }
    }

    /** For tests: the load balancer DS would inject. */
    void lb(LbService service) {
        this.lb = service;
    }

    /** For tests: where etc/ is. */
    void etc(Path dir) {
        this.etc = dir;
    }

    @Activate
    void activate(Map<String, Object> props) {
        Settings s = settings(props);
        if (s == null) {
            // Refused (alarm raised): the defaults run until the file is fixed.
            s = settings(ConfigCheck.of(PID, Config.class, Map.of()));
        }
        settings = s;
        loops = new NioEventLoopGroup(s.threads(), new DefaultThreadFactory("dsas-check", true));
        scheduler = new NettyCheckScheduler(loops);
        scripts = new NotifyScripts(scheduler, s.scriptTimeout());
        engine = new CheckEngine(lb, scheduler, scripts, this::post,
                bound -> bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound));
        reloadWanted.set(true);
        running = true;
        schedulePoll(0);
    }

    @Modified
    void modified(Map<String, Object> props) {
        Settings s = settings(props);
        if (s == null) {
            return; // refused (alarm raised): the settings in force stay
        }
        if (s.threads() != settings.threads()) {
            LOG.warn("check: threads {} takes effect when the health checks restart ({} now)", s.threads(),
                    settings.threads());
        }
        settings = s;
        scripts.timeout(s.scriptTimeout());
        reloadWanted.set(true);
    }

    @Deactivate
    void deactivate() {
        running = false;
        CheckScheduler.Cancel p = poller;
        if (p != null) {
            p.cancel();
        }
        if (engine != null) {
            engine.stop();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** The settings, or null when the configuration is refused (every problem reported to the alarms). */
    Settings settings(Map<String, Object> props) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props);
        Settings s = settings(check);
        return check.passed(alarms) ? s : null;
    }

    private Settings settings(ConfigCheck check) {
        Config c = check.typed(Config.class);
        check.require("checks.file", !c.checks_file().isBlank(), "empty");
        return new Settings(etc.resolve(c.checks_file().trim()), Duration.ofMillis((long) (c.poll_interval() * 1000)),
                c.threads(), Duration.ofMillis((long) (c.script_timeout() * 1000)));
    }

    private void schedulePoll(long delayNanos) {
        poller = scheduler.schedule(this::poll, delayNanos);
    }

    /** Reloads when the file changed (mtime, size) or a factory came or went; follows lb's services. */
    private void poll() {
        try {
            String stamp = stamp(settings.checksFile());
            if (!stamp.equals(fileStamp)) {
                reloadWanted.set(true);
            }
            if (reloadWanted.get()) {
                load();
            } else {
                engine.refresh();
            }
        } catch (RuntimeException e) {
            LOG.error("check: poll: {}", e.toString());
        } finally {
            if (!loops.isShuttingDown()) {
                schedulePoll(settings.poll().toNanos());
            }
        }
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size();
        } catch (IOException e) {
            return "absent";
        }
    }

    /** Reads, validates and builds everything; applies only when all of it is good. */
    void load() {
        synchronized (loadLock) {
            if (!running) {
                return;
            }
            reloadWanted.set(false);
            Path file = settings.checksFile();
            String stamp = stamp(file);
            CheckPlan plan;
            Map<String, Probe> probes = new LinkedHashMap<>();
            try {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    text = "";
                }
                plan = parse(KeepalivedConfParser.parse(text, file.toString()), file.toString(), probes);
            } catch (IOException e) {
                rejected(file, stamp, "cannot read " + file + ": " + e.getMessage());
                return;
            } catch (KeepalivedConfException e) {
                rejected(file, stamp, e.getMessage());
                return;
            } catch (IllegalArgumentException e) {
                rejected(file, stamp, e);
                return;
            }
            engine.apply(plan, probes);
            fileStamp = stamp;
            checksErrors = List.of();
            loadedAt = Instant.now();
        }
    }

    /**
     * Parses and validates checks, building a probe (into {@code probes}) for every check that has a
     * factory, so the factories' own rules are part of the one list of problems. On any problem the
     * probes built are closed and a {@link ConfigProblems} names them all.
     */
    private CheckPlan parse(List<ConfNode> statements, String source, Map<String, Probe> probes) {
        List<ConfNode> ssl = statements.stream().filter(n -> n.keyword().equals("SSL")).toList();
        ProbeContext context = new ProbeContext(loops, kernel, ssl);
        try {
            return ChecksFileParser.parse(statements, source, ChecksFileParser.Keywords.from(factories), c -> {
                ProbeFactory f = factories.get(c.type());
                if (f != null) {
                    probes.put(c.id(), create(f, c, context));
                }
            });
        } catch (IllegalArgumentException e) {
            probes.values().forEach(Probe::close);
            probes.clear();
            throw e;
        }
    }

    /**
     * The checks file's rules, for lb:import-keepalived: the same parser and the same probe factories
     * that {@link #load()} uses; the probes built to prove the blocks are closed at once.
     */
    @Override
    public List<String> validate(List<ConfNode> statements) {
        try {
            Map<String, Probe> probes = new LinkedHashMap<>();
            parse(statements, "import", probes);
            probes.values().forEach(Probe::close);
            return List.of();
        } catch (IllegalArgumentException e) {
            return ConfigProblems.of(e);
        }
    }

    private static Probe create(ProbeFactory f, CheckSpec c, ProbeContext context) {
        try {
            return f.create(c.block(), c.target(), context);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            // A factory names the statement it refuses (file:line: keyword: problem); else the block is named.
            String where = c.block().where() + ": ";
            boolean named = m.startsWith(c.block().source() + ":");
            throw new IllegalArgumentException((named ? m : where + m) + " (check " + c.id() + ")");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(c.block().where() + ": check " + c.id() + ": " + e);
        }
    }

    private void rejected(Path file, String stamp, String problem) {
        rejected(file, stamp, List.of(problem));
    }

    private void rejected(Path file, String stamp, IllegalArgumentException e) {
        rejected(file, stamp, ConfigProblems.of(e));
    }

    private void rejected(Path file, String stamp, List<String> problems) {
        fileStamp = stamp;
        checksErrors = List.copyOf(problems);
        for (String p : problems) {
            LOG.error("check: {}", p);
        }
        LOG.error("check: {} problem(s); nothing of {} applied, the previous checks keep running", problems.size(),
                file);
    }

    private void post(String topic, Map<String, Object> props) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, props));
        }
    }

    // ------------------------------------------------------------------ CheckService

    @Override
    public List<CheckView> checks() {
        return engine.views();
    }

    @Override
    public List<String> runOnce(String server) {
        return engine.runOnce(server);
    }

    @Override
    public int pause(String server, boolean paused) {
        return engine.pause(server, paused);
    }

    // ------------------------------------------------------------------ status

    @Override
    public String section() {
        return "check";
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        Settings s = settings;
        m.put("file", s == null ? null : s.checksFile().toString());
        m.put("loaded", loadedAt == null ? null : loadedAt.toString());
        List<CheckView> views = engine == null ? List.of() : engine.views();
        Map<String, Long> byState = new LinkedHashMap<>();
        for (String st : List.of("UP", "DOWN", "PAUSED", "IDLE")) {
            byState.put(st.toLowerCase(java.util.Locale.ROOT), views.stream().filter(v -> v.state().equals(st)).count());
        }
        m.put("checks", views.size());
        m.putAll(byState);
        m.put("factories", List.copyOf(new TreeSet<>(factories.keySet())));
        if (engine != null) {
            List<String> lost = new ArrayList<>();
            engine.quorumStates().forEach((k, up) -> {
                if (!up) {
                    lost.add(k);
                }
            });
            m.put("quorumLost", lost);
        }
        if (!checksErrors.isEmpty()) {
            m.put("errors", checksErrors);
        }
        return m;
    }

    @Override
    public List<String> alarms() {
        List<String> out = new ArrayList<>();
        for (String p : checksErrors) {
            out.add("check: " + p + " (previous checks keep running)");
        }
        if (engine != null) {
            engine.quorumStates().forEach((k, up) -> {
                if (!up) {
                    out.add("check: quorum of " + k + " lost");
                }
            });
        }
        return out;
    }
}
