package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.FlagSource;
import org.dsas.core.internal.RoleResolver.Decision;
import org.junit.jupiter.api.Test;

class RoleResolverTest {

    private static final List<RoleDefinition> ROLES = List.of(
            new RoleDefinition("base", "dsas-role-base", "shell", true),
            new RoleDefinition("lb", "dsas-role-lb", "load balancer", false),
            new RoleDefinition("metrics", "dsas-role-metrics", "metrics", false),
            new RoleDefinition("web", "dsas-role-web", "web", false));

    private final List<String> problems = new ArrayList<>();

    private static FlagSet set(FlagSource source, String detail, String flags) {
        return new FlagSet(source, detail, RoleFlags.parse(flags, detail, new ArrayList<>()));
    }

    private static final FlagSet FLAGS_FILE_LB_ON = set(FlagSource.FLAGS_FILE, "etc/dsas.flags", "lb");
    private static final FlagSet ENV_LB_OFF = set(FlagSource.ENVIRONMENT, "DSAS_ROLES=-lb", "-lb");
    private static final FlagSet CMDLINE_LB_ON = set(FlagSource.KERNEL_CMDLINE, "/proc/cmdline dsas.roles=lb", "lb");
    private static final FlagSet OPERATOR_LB_OFF = set(FlagSource.OPERATOR, "etc/dsas-operator.flags", "-lb");

    private Map<String, Decision> resolve(FlagSet... sets) {
        return RoleResolver.resolve(ROLES, List.of(sets), problems);
    }

    @Test
    void operatorBeatsKernelCmdlineEnvironmentAndFlagsFile() {
        Decision lb = resolve(FLAGS_FILE_LB_ON, ENV_LB_OFF, CMDLINE_LB_ON, OPERATOR_LB_OFF).get("lb");

        assertEquals(new Decision(false, FlagSource.OPERATOR, "etc/dsas-operator.flags"), lb);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void kernelCmdlineBeatsEnvironmentAndFlagsFile() {
        Decision lb = resolve(FLAGS_FILE_LB_ON, ENV_LB_OFF, CMDLINE_LB_ON).get("lb");

        assertEquals(new Decision(true, FlagSource.KERNEL_CMDLINE, "/proc/cmdline dsas.roles=lb"), lb);
    }

    @Test
    void environmentBeatsFlagsFile() {
        Decision lb = resolve(FLAGS_FILE_LB_ON, ENV_LB_OFF).get("lb");

        assertEquals(new Decision(false, FlagSource.ENVIRONMENT, "DSAS_ROLES=-lb"), lb);
    }

    @Test
    void flagsFileBeatsTheDefault() {
        Decision lb = resolve(FLAGS_FILE_LB_ON).get("lb");

        assertEquals(new Decision(true, FlagSource.FLAGS_FILE, "etc/dsas.flags"), lb);
    }

    @Test
    void aHigherSourceOnlyOverridesTheRolesItNames() {
        Map<String, Decision> decided = resolve(FLAGS_FILE_LB_ON,
                set(FlagSource.OPERATOR, "etc/dsas-operator.flags", "metrics"));

        assertEquals(new Decision(true, FlagSource.FLAGS_FILE, "etc/dsas.flags"), decided.get("lb"));
        assertEquals(new Decision(true, FlagSource.OPERATOR, "etc/dsas-operator.flags"), decided.get("metrics"));
    }

    @Test
    void aRoleNobodyNamesIsOffWithSourceDefault() {
        Map<String, Decision> decided = resolve(FLAGS_FILE_LB_ON);

        assertEquals(new Decision(false, FlagSource.DEFAULT, "not named by any flag"), decided.get("web"));
        assertEquals(new Decision(false, FlagSource.DEFAULT, "not named by any flag"), decided.get("metrics"));
    }

    @Test
    void everyDefinedRoleIsDecidedInDefinitionOrder() {
        assertEquals(List.of("base", "lb", "metrics", "web"), List.copyOf(resolve().keySet()));
    }

    @Test
    void requiredRoleIsOnWithoutAnyFlag() {
        assertEquals(new Decision(true, FlagSource.REQUIRED, "role.base.required=true"), resolve().get("base"));
    }

    @Test
    void requiredRoleCannotBeSwitchedOffAndTheAttemptIsReported() {
        Map<String, Decision> decided = resolve(set(FlagSource.OPERATOR, "etc/dsas-operator.flags", "-base,lb"));

        assertEquals(new Decision(true, FlagSource.REQUIRED, "role.base.required=true"), decided.get("base"));
        assertEquals(true, decided.get("lb").wanted(), "the other roles of that source still apply");
        assertEquals(List.of("operator (etc/dsas-operator.flags) tries to switch off required role 'base'; it stays on"),
                problems);
    }

    @Test
    void unknownRoleIsReportedWithTheKnownRolesAndTheOtherRolesAreStillDecided() {
        Map<String, Decision> decided = resolve(set(FlagSource.FLAGS_FILE, "etc/dsas.flags", "ftp,lb,-mail"));

        assertEquals(new Decision(true, FlagSource.FLAGS_FILE, "etc/dsas.flags"), decided.get("lb"));
        assertEquals(List.of(
                "flags-file (etc/dsas.flags) names unknown role 'ftp'; known roles: base, lb, metrics, web",
                "flags-file (etc/dsas.flags) names unknown role 'mail'; known roles: base, lb, metrics, web"),
                problems);
        assertEquals(List.of("base", "lb", "metrics", "web"), List.copyOf(decided.keySet()),
                "unknown roles are not decided");
    }
}
