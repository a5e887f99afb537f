package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.FeaturesService.Option;
import org.dsas.core.api.FlagSource;
import org.dsas.core.api.RoleException;
import org.dsas.core.api.RolePlan;
import org.dsas.core.api.RoleState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleManagerTest {

    /** One call the manager made on the features service. */
    record Call(String method, String feature, EnumSet<Option> options) {
    }

    /**
     * Karaf's features service, reduced to what roles need: a repository of known features, the installed
     * ones, and a log of install/uninstall calls. Simulated calls change nothing; they print {@link #plan}
     * to the manager's plan capture, as Karaf's Deployer logs its plan.
     */
    static final class FakeFeatures {
        final Set<String> available = new HashSet<>();
        final Set<String> installed = new LinkedHashSet<>();
        final Map<String, String> failures = new HashMap<>();
        final List<Call> calls = new ArrayList<>();
        List<String> plan = List.of("No deployment change.");
        KarafPlanCapture capture;

        final FeaturesService service = (FeaturesService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {FeaturesService.class}, (proxy, method, args) -> {
                    int arity = args == null ? 0 : args.length;
                    switch (method.getName() + "/" + arity) {
                        case "getFeature/1":
                            return available.contains((String) args[0]) ? feature((String) args[0]) : null;
                        case "isInstalled/1":
                            return installed.contains(((Feature) args[0]).getName());
                        case "installFeature/2":
                            if (args[1] instanceof EnumSet<?>) {
                                return change("installFeature", (String) args[0], args[1], installed::add);
                            }
                            break;
                        case "uninstallFeature/2":
                            if (args[1] instanceof EnumSet<?>) {
                                return change("uninstallFeature", (String) args[0], args[1], installed::remove);
                            }
                            break;
                        case "toString/0":
                            return "FakeFeatures" + installed;
                        case "hashCode/0":
                            return System.identityHashCode(proxy);
                        case "equals/1":
                            return proxy == args[0];
                        default:
                            break;
                    }
                    throw new UnsupportedOperationException("FeaturesService." + method.getName() + "/" + arity);
                });

        @SuppressWarnings("unchecked")
        private Object change(String method, String name, Object options, Function<String, Boolean> apply) {
            EnumSet<Option> opts = EnumSet.copyOf((EnumSet<Option>) options);
            calls.add(new Call(method, name, opts));
            if (opts.contains(Option.Simulate)) {
                plan.forEach(line -> capture.doAppend(LogEvents.featuresLine(line)));
                return null;
            }
            if (failures.containsKey(name)) {
                throw new IllegalStateException(failures.get(name));
            }
            apply.apply(name);
            return null;
        }

        private static Feature feature(String name) {
            return (Feature) Proxy.newProxyInstance(FakeFeatures.class.getClassLoader(), new Class<?>[] {Feature.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getName" -> name;
                        case "getVersion" -> "0.1.0.SNAPSHOT";
                        case "toString" -> name;
                        case "hashCode" -> name.hashCode();
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException("Feature." + method.getName());
                    });
        }

        List<Call> changes() {
            return calls.stream().filter(c -> !c.options().contains(Option.Simulate)).toList();
        }
    }

    private static final List<RoleDefinition> ROLES = List.of(
            new RoleDefinition("base", "dsas-role-base", "shell, status view, SSH management", true),
            new RoleDefinition("lb", "dsas-role-lb", "load balancer", false),
            new RoleDefinition("metrics", "dsas-role-metrics", "metrics exporter", false),
            new RoleDefinition("web", "dsas-role-web", "web server", false));

    private static final EnumSet<Option> NO_REFRESH = EnumSet.of(Option.NoAutoRefreshBundles);

    @TempDir
    Path dir;

    private Path cmdline;
    private Path flagsFile;
    private Path operatorFile;
    private final Map<String, String> env = new HashMap<>();
    private final FakeFeatures features = new FakeFeatures();
    private RoleManager manager;

    @BeforeEach
    void manager() throws Exception {
        cmdline = dir.resolve("cmdline");
        flagsFile = dir.resolve("etc/dsas.flags");
        operatorFile = dir.resolve("etc/dsas-operator.flags");
        Files.createDirectories(flagsFile.getParent());
        ROLES.forEach(r -> features.available.add(r.feature()));
        manager = new RoleManager(features.service, new FlagReader(cmdline, env, flagsFile, operatorFile));
        features.capture = (KarafPlanCapture) field("capture").get(manager);
        field("definitions").set(manager, ROLES);
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field f = RoleManager.class.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    private RoleState state(String role) {
        return manager.roles().stream().filter(r -> r.name().equals(role)).findFirst().orElseThrow();
    }

    private Properties operatorFileContent() throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(operatorFile, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        return props;
    }

    // ---- apply ------------------------------------------------------------------------------------------------

    @Test
    void applyInstallsWantedRolesAndUninstallsUnwantedOnesWithoutRefreshingBundles() throws IOException {
        Files.writeString(flagsFile, "roles = lb, metrics\n");
        Files.writeString(cmdline, "BOOT_IMAGE=/vmlinuz quiet dsas.roles=-metrics console=ttyS0\n");
        features.installed.add("dsas-role-web");

        manager.apply();

        assertEquals(Set.of("dsas-role-base", "dsas-role-lb"), features.installed);
        assertEquals(List.of(
                new Call("installFeature", "dsas-role-base", NO_REFRESH),
                new Call("installFeature", "dsas-role-lb", NO_REFRESH),
                new Call("uninstallFeature", "dsas-role-web", NO_REFRESH)), features.calls);
    }

    @Test
    void applyChangesNothingWhenTheBoxAlreadyMatchesTheFlags() throws IOException {
        Files.writeString(flagsFile, "roles = lb\n");
        manager.apply();
        features.calls.clear();

        manager.apply();

        assertEquals(List.of(), features.calls);
    }

    @Test
    void builtInDefinitionInstallsOnlyTheBaseRole() throws Exception {
        field("definitions").set(manager, RoleDefinitions.builtIn());
        Files.writeString(flagsFile, "roles = lb\n");

        manager.apply();

        assertEquals(Set.of("dsas-role-base"), features.installed);
        assertEquals(List.of("base"), manager.roleNames());
    }

    @Test
    void roleWhoseFeatureIsMissingGetsAnErrorAndTheOtherRolesAreStillInstalled() throws IOException {
        features.available.remove("dsas-role-lb");
        Files.writeString(flagsFile, "roles = lb, metrics\n");

        manager.apply();

        assertEquals(Set.of("dsas-role-base", "dsas-role-metrics"), features.installed);
        RoleState lb = state("lb");
        assertEquals("feature 'dsas-role-lb' of role 'lb' is not in any features repository", lb.error());
        assertTrue(lb.wanted());
        assertFalse(lb.active());
        assertNull(state("metrics").error());
        assertNull(state("base").error());
    }

    @Test
    void failedInstallIsRecordedAsOneLineAndClearedByALaterSuccess() throws IOException {
        features.failures.put("dsas-role-lb", "Unable to resolve root:\n   missing requirement [lb]");
        Files.writeString(flagsFile, "roles = lb, web\n");

        manager.apply();

        assertEquals("Unable to resolve root: missing requirement [lb]", state("lb").error());
        assertTrue(features.installed.contains("dsas-role-web"), "the other roles still come up");

        features.failures.clear();
        manager.apply();

        assertNull(state("lb").error());
        assertTrue(state("lb").active());
    }

    // ---- roles ------------------------------------------------------------------------------------------------

    @Test
    void rolesReportWhatWasDecidedByWhomAndWhatIsActive() throws IOException {
        Files.writeString(cmdline, "quiet dsas.roles=lb\n");
        env.put("DSAS_ROLES", "web");

        List<RoleState> states = manager.roles();

        assertEquals(List.of(
                new RoleState("base", "dsas-role-base", "shell, status view, SSH management", true,
                        true, FlagSource.REQUIRED, "role.base.required=true", false, null),
                new RoleState("lb", "dsas-role-lb", "load balancer", false,
                        true, FlagSource.KERNEL_CMDLINE, cmdline + " dsas.roles=lb", false, null),
                new RoleState("metrics", "dsas-role-metrics", "metrics exporter", false,
                        false, FlagSource.DEFAULT, "not named by any flag", false, null),
                new RoleState("web", "dsas-role-web", "web server", false,
                        true, FlagSource.ENVIRONMENT, "DSAS_ROLES=web", false, null)),
                states);

        manager.apply();

        assertEquals(List.of(true, true, false, true), manager.roles().stream().map(RoleState::active).toList());
    }

    // ---- enable / disable / reset -----------------------------------------------------------------------------

    @Test
    void enableOrDisableOfAnUnknownRoleListsTheKnownRoles() {
        String expected = "unknown role 'ftp'; known roles: base, lb, metrics, web";

        assertEquals(expected, assertThrows(RoleException.class, () -> manager.enable("ftp", false)).getMessage());
        assertEquals(expected, assertThrows(RoleException.class, () -> manager.disable("ftp", true)).getMessage());
        assertEquals(expected, assertThrows(RoleException.class, () -> manager.reset("ftp", false)).getMessage());
        assertEquals(List.of(), features.calls);
    }

    @Test
    void disablingARequiredRoleIsRefusedAndChangesNothing() {
        features.installed.add("dsas-role-base");

        RoleException e = assertThrows(RoleException.class, () -> manager.disable("base", false));

        assertEquals("role 'base' is required and cannot be disabled", e.getMessage());
        assertEquals(List.of(), features.calls);
        assertFalse(Files.exists(operatorFile));
    }

    @Test
    void enableInstallsTheFeatureAndPersistsTheOperatorChoice() throws Exception {
        manager.enable("lb", false);

        assertEquals(List.of(new Call("installFeature", "dsas-role-lb", NO_REFRESH)), features.changes());
        assertEquals("lb", operatorFileContent().getProperty("roles"));

        // A fresh reader, as after a restart, sees the operator's choice.
        List<String> problems = new ArrayList<>();
        List<FlagSet> sets = new FlagReader(cmdline, env, flagsFile, operatorFile).read(problems);
        Map<String, RoleResolver.Decision> decided = RoleResolver.resolve(ROLES, sets, problems);
        assertEquals(new RoleResolver.Decision(true, FlagSource.OPERATOR, operatorFile.toString()), decided.get("lb"));
        assertEquals(List.of(), problems);

        assertEquals(FlagSource.OPERATOR, state("lb").source());
        assertTrue(state("lb").active());
    }

    @Test
    void operatorChoiceOverridesTheBootFlagsAtTheNextApply() throws Exception {
        Files.writeString(cmdline, "dsas.roles=lb\n");
        manager.apply();
        manager.disable("lb", false);

        manager.apply();

        assertFalse(features.installed.contains("dsas-role-lb"));
        assertEquals(FlagSource.OPERATOR, state("lb").source());
    }

    @Test
    void disableUninstallsTheFeatureAndKeepsTheOperatorsOtherChoices() throws Exception {
        features.installed.add("dsas-role-lb");
        manager.enable("metrics", false);

        manager.disable("lb", false);

        assertEquals(List.of(
                new Call("installFeature", "dsas-role-metrics", NO_REFRESH),
                new Call("uninstallFeature", "dsas-role-lb", NO_REFRESH)), features.changes());
        assertEquals("metrics,-lb", operatorFileContent().getProperty("roles"));
        assertFalse(state("lb").wanted());
    }

    @Test
    void dryRunAsksKarafToSimulateAndChangesNothing() throws Exception {
        RolePlan plan = manager.enable("lb", true);

        assertEquals(List.of(new Call("installFeature", "dsas-role-lb", EnumSet.of(Option.Simulate))), features.calls);
        assertEquals(Set.of(), features.installed);
        assertFalse(Files.exists(operatorFile));
        assertEquals("lb", plan.role());
        assertEquals("enable", plan.action());
        assertTrue(plan.isEmpty());
    }

    @Test
    void planIsReadFromWhatKarafLogsWhileSimulating() throws Exception {
        String refresh = "org.dsas.itests.fixture-b/0.1.0.SNAPSHOT (Should be wired to: "
                + "org.dsas.itests.fixture-shared/0.1.0.SNAPSHOT (through [org.dsas.itests.fixture-b/0.1.0.SNAPSHOT] "
                + "osgi.wiring.package; ...))";
        features.plan = List.of(
                "Adding features: dsas-role-lb/[0.1.0.SNAPSHOT,0.1.0.SNAPSHOT]",
                "Changes to perform:",
                "  Region: root",
                "    Bundles to install:",
                "      mvn:org.dsas.itests/fixture-a/0.1.0-SNAPSHOT",
                "      mvn:org.dsas.itests/fixture-shared/0.1.0-SNAPSHOT",
                "  Bundles to refresh:",
                "    " + refresh);

        RolePlan plan = manager.enable("lb", true);

        List<String> install = List.of("mvn:org.dsas.itests/fixture-a/0.1.0-SNAPSHOT",
                "mvn:org.dsas.itests/fixture-shared/0.1.0-SNAPSHOT");
        assertEquals(new RolePlan("lb", "enable", install, install, List.of(), List.of(), List.of(), List.of(),
                List.of(refresh)), plan);
    }

    @Test
    void disablePlanStopsUninstalledAndUpdatedBundlesAndRestartsUpdatedOnes() throws Exception {
        features.installed.add("dsas-role-lb");
        features.plan = List.of(
                "Changes to perform:",
                "  Region: root",
                "    Bundles to uninstall:",
                "      org.dsas.itests.fixture-a/0.1.0.SNAPSHOT",
                "    Bundles to update:",
                "      org.dsas.itests.fixture-shared/0.1.0.SNAPSHOT with mvn:org.dsas.itests/fixture-shared/0.1.0-SNAPSHOT");

        RolePlan plan = manager.disable("lb", true);

        assertEquals("disable", plan.action());
        assertEquals(List.of("org.dsas.itests.fixture-a/0.1.0.SNAPSHOT"), plan.uninstall());
        assertEquals(List.of("org.dsas.itests.fixture-a/0.1.0.SNAPSHOT", "org.dsas.itests.fixture-shared/0.1.0.SNAPSHOT"),
                plan.stop());
        assertEquals(List.of("org.dsas.itests.fixture-shared/0.1.0.SNAPSHOT"), plan.start());
        assertEquals(List.of(), plan.refreshSuppressed());
        assertTrue(features.installed.contains("dsas-role-lb"), "a dry run uninstalls nothing");
        assertEquals(List.of(new Call("uninstallFeature", "dsas-role-lb", EnumSet.of(Option.Simulate))), features.calls);
    }

    @Test
    void failedEnableIsReportedAndNotRemembered() {
        features.failures.put("dsas-role-lb", "boom");

        RoleException e = assertThrows(RoleException.class, () -> manager.enable("lb", false));

        assertEquals("role 'lb': enabling failed, nothing else changed: boom", e.getMessage());
        assertFalse(Files.exists(operatorFile));
        assertEquals("boom", state("lb").error());
    }

    @Test
    void enablingARoleWhoseFeatureIsMissingCannotBePlanned() {
        features.available.remove("dsas-role-lb");

        RoleException e = assertThrows(RoleException.class, () -> manager.enable("lb", false));

        assertEquals("role 'lb': cannot plan the change: feature 'dsas-role-lb' of role 'lb' is not in any "
                + "features repository", e.getMessage());
        assertEquals(List.of(), features.calls);
    }

    @Test
    void resetForgetsTheOperatorChoiceAndActsOnTheBootFlags() throws Exception {
        Files.writeString(flagsFile, "roles = web\n");
        manager.enable("lb", false);
        manager.enable("web", false);

        manager.reset("lb", false);

        assertFalse(features.installed.contains("dsas-role-lb"));
        assertEquals("web", operatorFileContent().getProperty("roles"));
        assertEquals(FlagSource.DEFAULT, state("lb").source());
    }

    @Test
    void resetDryRunKeepsTheOperatorChoice() throws Exception {
        manager.enable("lb", false);
        features.calls.clear();

        manager.reset("lb", true);

        assertEquals("lb", operatorFileContent().getProperty("roles"));
        assertTrue(features.installed.contains("dsas-role-lb"));
        assertEquals(List.of(new Call("uninstallFeature", "dsas-role-lb", EnumSet.of(Option.Simulate))), features.calls);
    }

    // ---- configuration ----------------------------------------------------------------------------------------

    @Test
    void rejectedRoleConfigurationKeepsThePreviousRolesAndIsAnAlarm() {
        Map<String, List<String>> alarms = new java.util.HashMap<>();
        manager.configAlarms = alarms::put;
        manager.modified(Map.of("role.lb.feature", "dsas-role-lb", "role.lb.colour", "red"));

        assertEquals(List.of("base", "lb", "metrics", "web"), manager.roleNames());
        assertEquals(1, alarms.get("org.dsas.roles").size(), alarms::toString);
        assertTrue(alarms.get("org.dsas.roles").get(0).contains("key 'role.lb.colour'"), alarms::toString);
    }

    @Test
    void oneLineJoinsAMultiLineMessageAndNamesAnExceptionWithoutMessage() {
        assertEquals("first second third", RoleManager.oneLine(new Exception("first\n  second \r\nthird\n")));
        assertEquals("NullPointerException", RoleManager.oneLine(new NullPointerException()));
    }
}
