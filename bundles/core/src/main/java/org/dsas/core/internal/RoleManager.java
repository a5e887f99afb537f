package org.dsas.core.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.FeaturesService.Option;
import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.RoleException;
import org.dsas.core.api.RolePlan;
import org.dsas.core.api.RoleService;
import org.dsas.core.api.RoleState;
import org.ops4j.pax.logging.spi.PaxAppender;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the roles of this box: reads the flags, decides every role, and
 * installs or uninstalls the role features so the box matches. Role changes
 * never refresh bundles, so the bundles of other roles keep running.
 */
@Component(service = RoleService.class, configurationPid = RoleDefinitions.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public class RoleManager implements RoleService {

    /** System property naming the kernel command line file (tests point it elsewhere). */
    public static final String CMDLINE_PROPERTY = "dsas.cmdline";
    static final String FLAGS_FILE = "dsas.flags";
    static final String OPERATOR_FILE = "dsas-operator.flags";
    /** Never refresh other bundles on a role change: Karaf's refresh cascade restarts unrelated roles. */
    private static final EnumSet<Option> APPLY_OPTIONS = EnumSet.of(Option.NoAutoRefreshBundles);

    private static final Logger LOG = LoggerFactory.getLogger(RoleManager.class);

    @Reference
    private FeaturesService features;

    @Reference
    ConfigAlarms configAlarms;

    /** Karaf registers BootFinished once the boot features are in: role changes must not race them. */
    private ServiceTracker<BootFinished, BootFinished> bootTracker;
    private volatile boolean booted;

    private volatile List<RoleDefinition> definitions = RoleDefinitions.builtIn();
    private volatile Map<String, RoleResolver.Decision> decisions = Map.of();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final KarafPlanCapture capture = new KarafPlanCapture();
    private final Object lock = new Object();
    private Set<String> reportedProblems = new HashSet<>();
    private FlagReader reader;
    private ExecutorService executor;
    private ServiceRegistration<PaxAppender> captureRegistration;

    public RoleManager() {
    }

    /** For unit tests: a manager with explicit sources and features service. */
    RoleManager(FeaturesService features, FlagReader reader) {
        this.features = features;
        this.reader = reader;
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> props) {
        Path etc = Paths.get(System.getProperty("karaf.etc", "etc"));
        reader = new FlagReader(Paths.get(System.getProperty(CMDLINE_PROPERTY, "/proc/cmdline")), System.getenv(),
                etc.resolve(FLAGS_FILE), etc.resolve(OPERATOR_FILE));
        java.util.Hashtable<String, Object> appenderProps = new java.util.Hashtable<>();
        appenderProps.put("org.ops4j.pax.logging.appender.name", KarafPlanCapture.APPENDER_NAME);
        captureRegistration = context.registerService(PaxAppender.class, capture, appenderProps);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dsas-roles");
            t.setDaemon(true);
            return t;
        });
        configure(props, true);
        bootTracker = new ServiceTracker<>(context, BootFinished.class, null) {
            @Override
            public BootFinished addingService(org.osgi.framework.ServiceReference<BootFinished> ref) {
                booted = true;
                scheduleApply();
                return context.getService(ref);
            }
        };
        bootTracker.open();
    }

    @Modified
    void modified(Map<String, Object> props) {
        configure(props, false);
    }

    @Deactivate
    void deactivate() {
        if (bootTracker != null) {
            bootTracker.close();
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (captureRegistration != null) {
            captureRegistration.unregister();
        }
    }

    private void configure(Map<String, Object> props, boolean first) {
        String file = ConfigurationError.fileOf(props, RoleDefinitions.PID);
        boolean hasRoleKeys = props.keySet().stream().anyMatch(k -> k.startsWith("role."));
        if (!hasRoleKeys && first) {
            LOG.info("roles: no role definitions in {}; using the built-in base role", file);
        } else {
            try {
                definitions = RoleDefinitions.parse(props, file);
            } catch (ConfigurationError e) {
                // Its role.<name>.<attribute> keys are open-ended, so RoleDefinitions checks them, not ConfigCheck.
                configAlarms.report(RoleDefinitions.PID, e.problems());
                return;
            }
        }
        configAlarms.report(RoleDefinitions.PID, List.of());
        if (booted) {
            scheduleApply();
        }
    }

    /** Applies the flags in the background; role changes queue behind Karaf's own deployments. */
    Future<?> scheduleApply() {
        return executor.submit(() -> {
            try {
                apply();
            } catch (RuntimeException e) {
                LOG.error("roles: applying the flags failed: {}", e.toString());
            }
        });
    }

    /** Brings installed role features in line with the flags. */
    void apply() {
        synchronized (lock) {
            List<RoleDefinition> defs = definitions;
            Map<String, RoleResolver.Decision> decided = decide(defs);
            for (RoleDefinition role : defs) {
                RoleResolver.Decision d = decided.get(role.name());
                try {
                    Feature feature = feature(role);
                    boolean installed = features.isInstalled(feature);
                    if (d.wanted() && !installed) {
                        LOG.info("role[{}] enabling: {} said so ({})", role.name(), d.source().label(), d.detail());
                        features.installFeature(role.feature(), APPLY_OPTIONS);
                    } else if (!d.wanted() && installed) {
                        LOG.info("role[{}] disabling: {} said so ({})", role.name(), d.source().label(), d.detail());
                        features.uninstallFeature(role.feature(), APPLY_OPTIONS);
                    }
                    errors.remove(role.name());
                } catch (Exception e) {
                    String msg = oneLine(e);
                    errors.put(role.name(), msg);
                    LOG.error("role[{}] {} failed; other roles unaffected: {}", role.name(),
                            d.wanted() ? "enabling" : "disabling", msg);
                }
            }
        }
    }

    private Map<String, RoleResolver.Decision> decide() {
        return decide(definitions);
    }

    private Map<String, RoleResolver.Decision> decide(List<RoleDefinition> defs) {
        List<String> problems = new ArrayList<>();
        List<FlagSet> sets = reader.read(problems);
        Map<String, RoleResolver.Decision> decided = RoleResolver.resolve(defs, sets, problems);
        Set<String> fresh = new HashSet<>(problems);
        for (String p : problems) {
            if (!reportedProblems.contains(p)) {
                LOG.warn("roles: {}", p);
            }
        }
        reportedProblems = fresh;
        decisions = decided;
        return decided;
    }

    private Feature feature(RoleDefinition role) throws Exception {
        Feature feature = features.getFeature(role.feature());
        if (feature == null) {
            throw new IllegalStateException("feature '" + role.feature() + "' of role '" + role.name()
                    + "' is not in any features repository");
        }
        return feature;
    }

    @Override
    public List<RoleState> roles() {
        Map<String, RoleResolver.Decision> decided;
        List<RoleDefinition> defs = definitions;
        synchronized (lock) {
            decided = decide(defs);
        }
        List<RoleState> states = new ArrayList<>();
        for (RoleDefinition role : defs) {
            RoleResolver.Decision d = decided.get(role.name());
            boolean active;
            try {
                Feature feature = features.getFeature(role.feature());
                active = feature != null && features.isInstalled(feature);
            } catch (Exception e) {
                active = false;
            }
            states.add(new RoleState(role.name(), role.feature(), role.description(), role.required(),
                    d.wanted(), d.source(), d.detail(), active, errors.get(role.name())));
        }
        return states;
    }

    @Override
    public List<String> roleNames() {
        return definitions.stream().map(RoleDefinition::name).toList();
    }

    @Override
    public RolePlan enable(String role, boolean dryRun) throws RoleException {
        RoleDefinition def = find(role);
        synchronized (lock) {
            RolePlan plan = plan(def, true);
            if (!dryRun) {
                change(def, true);
                recordOperatorChoice(def.name(), Boolean.TRUE);
            }
            return plan;
        }
    }

    @Override
    public RolePlan disable(String role, boolean dryRun) throws RoleException {
        RoleDefinition def = find(role);
        if (def.required()) {
            throw new RoleException("role '" + role + "' is required and cannot be disabled");
        }
        synchronized (lock) {
            RolePlan plan = plan(def, false);
            if (!dryRun) {
                change(def, false);
                recordOperatorChoice(def.name(), Boolean.FALSE);
            }
            return plan;
        }
    }

    @Override
    public RolePlan reset(String role, boolean dryRun) throws RoleException {
        RoleDefinition def = find(role);
        synchronized (lock) {
            Map<String, Boolean> saved = operatorChoices();
            if (!saved.containsKey(def.name())) {
                return plan(def, decide().get(def.name()).wanted());
            }
            // Decide as if the operator had never spoken, then act on that.
            recordOperatorChoice(def.name(), null);
            boolean wanted = decide().get(def.name()).wanted();
            boolean restore = true;
            try {
                RolePlan plan = plan(def, wanted);
                if (!dryRun) {
                    change(def, wanted);
                    restore = false;
                }
                return plan;
            } finally {
                // A dry run, or a change that failed, leaves the operator's choice as it was.
                if (restore) {
                    recordOperatorChoice(def.name(), saved.get(def.name()));
                }
            }
        }
    }

    private void change(RoleDefinition def, boolean on) throws RoleException {
        try {
            Feature feature = feature(def);
            if (on && !features.isInstalled(feature)) {
                LOG.info("role[{}] enabling: operator said so", def.name());
                features.installFeature(def.feature(), APPLY_OPTIONS);
            } else if (!on && features.isInstalled(feature)) {
                LOG.info("role[{}] disabling: operator said so", def.name());
                features.uninstallFeature(def.feature(), APPLY_OPTIONS);
            }
            errors.remove(def.name());
        } catch (Exception e) {
            String msg = oneLine(e);
            errors.put(def.name(), msg);
            throw new RoleException("role '" + def.name() + "': " + (on ? "enabling" : "disabling")
                    + " failed, nothing else changed: " + msg, e);
        }
    }

    /** Asks Karaf to simulate the change and reads its plan. */
    private RolePlan plan(RoleDefinition def, boolean on) throws RoleException {
        List<String> lines;
        capture.start();
        try {
            Feature feature = feature(def);
            boolean installed = features.isInstalled(feature);
            if (on && !installed) {
                features.installFeature(def.feature(), EnumSet.of(Option.Simulate));
            } else if (!on && installed) {
                features.uninstallFeature(def.feature(), EnumSet.of(Option.Simulate));
            }
        } catch (Exception e) {
            capture.stop();
            throw new RoleException("role '" + def.name() + "': cannot plan the change: " + oneLine(e), e);
        }
        lines = capture.stop();
        boolean changes = on != isInstalledQuietly(def);
        if (changes && lines.isEmpty()) {
            throw new RoleException("role '" + def.name() + "': cannot read Karaf's deployment plan: logger "
                    + "org.apache.karaf.features.internal.service.FeaturesServiceImpl must log at INFO "
                    + "(etc/org.ops4j.pax.logging.cfg)");
        }
        Map<String, List<String>> sections = KarafPlanParser.parse(lines);
        List<String> install = sections.get(KarafPlanParser.INSTALL);
        List<String> uninstall = sections.get(KarafPlanParser.UNINSTALL);
        List<String> update = sections.get(KarafPlanParser.UPDATE);
        // An updated bundle ("bsn/version with uri") is stopped and started again.
        List<String> updated = update.stream().map(u -> u.contains(" with ") ? u.substring(0, u.indexOf(" with ")) : u)
                .toList();
        List<String> stop = new ArrayList<>(uninstall);
        stop.addAll(updated);
        List<String> start = new ArrayList<>(install);
        start.addAll(updated);
        return new RolePlan(def.name(), on ? "enable" : "disable", install, start, stop, uninstall, update,
                List.of(), sections.get(KarafPlanParser.REFRESH));
    }

    private boolean isInstalledQuietly(RoleDefinition def) {
        try {
            Feature f = features.getFeature(def.feature());
            return f != null && features.isInstalled(f);
        } catch (Exception e) {
            return false;
        }
    }

    private RoleDefinition find(String role) throws RoleException {
        for (RoleDefinition def : definitions) {
            if (def.name().equals(role)) {
                return def;
            }
        }
        throw new RoleException("unknown role '" + role + "'; known roles: " + String.join(", ", roleNames()));
    }

    private Map<String, Boolean> operatorChoices() {
        List<String> ignored = new ArrayList<>();
        for (FlagSet set : reader.read(ignored)) {
            if (set.source() == org.dsas.core.api.FlagSource.OPERATOR) {
                return new LinkedHashMap<>(set.roles());
            }
        }
        return new LinkedHashMap<>();
    }

    /** Persists the operator's choice for one role (null forgets it), atomically. */
    private void recordOperatorChoice(String role, Boolean on) throws RoleException {
        Map<String, Boolean> choices = operatorChoices();
        choices.remove(role);
        if (on != null) {
            choices.put(role, on);
        }
        Path file = reader.operatorFile();
        Properties props = new Properties();
        props.setProperty(FlagReader.FILE_KEY, RoleFlags.format(choices));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(out, "Written by DSAS: the operator's last role:enable / role:disable."
                        + " role:reset <role> hands a role back to the boot flags.");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RoleException("cannot record the operator's choice in " + file + ": " + e.getMessage(), e);
        }
    }

    static String oneLine(Throwable e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return msg.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
