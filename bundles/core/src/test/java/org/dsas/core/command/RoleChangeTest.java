package org.dsas.core.command;

import static org.dsas.core.shell.ShellConsole.linesPrintedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.dsas.core.api.RoleException;
import org.dsas.core.api.RolePlan;
import org.dsas.core.api.RoleService;
import org.dsas.core.api.RoleState;
import org.junit.jupiter.api.Test;

/** role:enable, role:disable and role:reset share RoleChange: the call they make and the plan they print. */
class RoleChangeTest {

    private static final String REFRESH_LINE = "org.dsas.itests.fixture-b/0.1.0.SNAPSHOT (Should be wired to: "
            + "org.dsas.itests.fixture-shared/0.1.0.SNAPSHOT)";

    /** Answers every change with {@link #plan} (or throws {@link #failure}) and records the calls. */
    static final class FakeRoles implements RoleService {
        final List<String> calls = new ArrayList<>();
        RolePlan plan;
        RoleException failure;

        private RolePlan answer(String call) throws RoleException {
            calls.add(call);
            if (failure != null) {
                throw failure;
            }
            return plan;
        }

        @Override
        public List<RoleState> roles() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> roleNames() {
            return List.of("base", "lb");
        }

        @Override
        public RolePlan enable(String role, boolean dryRun) throws RoleException {
            return answer("enable " + role + " dryRun=" + dryRun);
        }

        @Override
        public RolePlan disable(String role, boolean dryRun) throws RoleException {
            return answer("disable " + role + " dryRun=" + dryRun);
        }

        @Override
        public RolePlan reset(String role, boolean dryRun) throws RoleException {
            return answer("reset " + role + " dryRun=" + dryRun);
        }
    }

    private final FakeRoles roles = new FakeRoles();

    private static RolePlan emptyPlan(String role, String action) {
        return new RolePlan(role, action, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private <T extends RoleChange> T command(T command, String role, boolean dryRun) {
        command.roles = roles;
        command.args = new java.util.ArrayList<>(List.of(role));
        command.dryRun = dryRun;
        return command;
    }

    @Test
    void dryRunEnablePrintsWhatWouldBeInstalledStartedAndWhatStockKarafWouldRefresh() throws Exception {
        List<String> install = List.of("mvn:org.dsas.itests/fixture-a/0.1.0-SNAPSHOT",
                "mvn:org.dsas.itests/fixture-shared/0.1.0-SNAPSHOT");
        roles.plan = new RolePlan("lb", "enable", install, install, List.of(), List.of(), List.of(), List.of(),
                List.of(REFRESH_LINE));

        List<String> lines = linesPrintedBy(command(new RoleEnable(), "lb", true)::execute);

        assertEquals(List.of("enable lb dryRun=true"), roles.calls);
        assertEquals(List.of(
                "Would enable role lb:",
                "  install:",
                "    mvn:org.dsas.itests/fixture-a/0.1.0-SNAPSHOT",
                "    mvn:org.dsas.itests/fixture-shared/0.1.0-SNAPSHOT",
                "  start:",
                "    mvn:org.dsas.itests/fixture-a/0.1.0-SNAPSHOT",
                "    mvn:org.dsas.itests/fixture-shared/0.1.0-SNAPSHOT",
                "  refresh: none (DSAS never refreshes bundles on a role change)",
                "  stock Karaf would also have refreshed (restarted), and DSAS does not:",
                "    " + REFRESH_LINE), lines);
    }

    @Test
    void disablePrintsStoppedAndUninstalledBundles() throws Exception {
        List<String> gone = List.of("org.dsas.itests.fixture-a/0.1.0.SNAPSHOT");
        roles.plan = new RolePlan("lb", "disable", List.of(), List.of(), gone, gone, List.of(), List.of(), List.of());

        List<String> lines = linesPrintedBy(command(new RoleDisable(), "lb", false)::execute);

        assertEquals(List.of("disable lb dryRun=false"), roles.calls);
        assertEquals(List.of(
                "disable role lb:",
                "  stop:",
                "    org.dsas.itests.fixture-a/0.1.0.SNAPSHOT",
                "  uninstall:",
                "    org.dsas.itests.fixture-a/0.1.0.SNAPSHOT",
                "  refresh: none (DSAS never refreshes bundles on a role change)"), lines);
    }

    @Test
    void emptyPlanSaysNoBundleChanges() throws Exception {
        roles.plan = emptyPlan("lb", "enable");
        assertEquals(List.of("Would enable role lb: no bundle changes",
                "  refresh: none (DSAS never refreshes bundles on a role change)"),
                linesPrintedBy(command(new RoleEnable(), "lb", true)::execute));

        roles.plan = emptyPlan("lb", "reset");
        assertEquals(List.of("reset role lb: no bundle changes were needed",
                "  refresh: none (DSAS never refreshes bundles on a role change)"),
                linesPrintedBy(command(new RoleReset(), "lb", false)::execute));
        assertEquals("reset lb dryRun=false", roles.calls.get(1));
    }

    @Test
    void refusedChangeIsShownAsItsOneLineMessage() {
        roles.failure = new RoleException("unknown role 'ftp'; known roles: base, lb");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> command(new RoleEnable(), "ftp", false).execute());

        assertEquals("unknown role 'ftp'; known roles: base, lb", e.getMessage());
    }

    @Test
    void optionsAfterTheRoleNameAreHonoured() throws Exception {
        roles.plan = emptyPlan("lb", "enable");
        RoleEnable cmd = command(new RoleEnable(), "lb", false);
        cmd.args = new java.util.ArrayList<>(List.of("lb", "--dry-run"));
        cmd.execute();
        org.junit.jupiter.api.Assertions.assertTrue(cmd.dryRun);
        org.junit.jupiter.api.Assertions.assertEquals("lb", cmd.role);
    }

    @Test
    void twoRoleNamesAreRefusedWithOneLine() {
        RoleEnable cmd = command(new RoleEnable(), "lb", false);
        cmd.args = new java.util.ArrayList<>(List.of("lb", "metrics"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, cmd::execute);
        org.junit.jupiter.api.Assertions.assertEquals("expected exactly one role name, got 2: [lb, metrics]", e.getMessage());
    }
}
