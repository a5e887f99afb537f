package org.dsas.core.command;

import static org.dsas.core.shell.ShellConsole.linesPrintedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.util.List;

import org.dsas.core.api.FlagSource;
import org.dsas.core.api.RolePlan;
import org.dsas.core.api.RoleService;
import org.dsas.core.api.RoleState;
import org.dsas.core.shell.ListingAction;
import org.junit.jupiter.api.Test;

class RoleListTest {

    private static final String METRICS_ERROR = "feature 'dsas-role-metrics' of role 'metrics' is not in any features repository";

    private static final List<RoleState> STATES = List.of(
            new RoleState("base", "dsas-role-base", "shell", true, true, FlagSource.REQUIRED, "role.base.required=true", true, null),
            new RoleState("lb", "dsas-role-lb", "load balancer", false, true, FlagSource.KERNEL_CMDLINE, "/proc/cmdline", false, null),
            new RoleState("web", "dsas-role-web", "web server", false, false, FlagSource.OPERATOR, "etc/x", true, null),
            new RoleState("metrics", "dsas-role-metrics", "exporter", false, true, FlagSource.FLAGS_FILE, "etc/dsas.flags", false,
                    METRICS_ERROR),
            new RoleState("ftp", "dsas-role-ftp", "file transfer", false, false, FlagSource.DEFAULT, "not named", false, null));

    private static RoleList command() {
        RoleList list = new RoleList();
        list.roles = new RoleService() {
            @Override
            public List<RoleState> roles() {
                return STATES;
            }

            @Override
            public List<String> roleNames() {
                return STATES.stream().map(RoleState::name).toList();
            }

            @Override
            public RolePlan enable(String role, boolean dryRun) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RolePlan disable(String role, boolean dryRun) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RolePlan reset(String role, boolean dryRun) {
                throw new UnsupportedOperationException();
            }
        };
        return list;
    }

    @Test
    void tableShowsStateWhoDecidedFeatureAndDescriptionOrError() throws Exception {
        String row = "%-9s%-13s%-22s%-19s%s";

        List<String> lines = linesPrintedBy(command()::execute);

        assertEquals(List.of(
                String.format(row, "ROLE", "STATE", "DECIDED", "FEATURE", "DESCRIPTION"),
                String.format(row, "base", "active", "on by required", "dsas-role-base", "shell"),
                String.format(row, "lb", "pending-on", "on by kernel-cmdline", "dsas-role-lb", "load balancer"),
                String.format(row, "web", "pending-off", "off by operator", "dsas-role-web", "web server"),
                String.format(row, "metrics", "failed", "on by flags-file", "dsas-role-metrics", METRICS_ERROR),
                String.format(row, "ftp", "inactive", "off by default", "dsas-role-ftp", "file transfer")), lines);
    }

    @Test
    void jsonListsEveryFieldOfEveryRole() throws Exception {
        RoleList list = command();
        Field json = ListingAction.class.getDeclaredField("json");
        json.setAccessible(true);
        json.setBoolean(list, true);

        List<String> lines = linesPrintedBy(list::execute);

        assertEquals(1, lines.size(), lines.toString());
        String out = lines.get(0);
        assertEquals(true, out.startsWith("[{\"name\":\"base\",\"active\":true,\"wanted\":true,\"source\":\"required\","
                + "\"detail\":\"role.base.required=true\",\"feature\":\"dsas-role-base\",\"required\":true,"
                + "\"description\":\"shell\",\"error\":null},"), out);
        assertEquals(true, out.contains("\"error\":\"" + METRICS_ERROR + "\""), out);
        assertEquals(true, out.endsWith("}]"), out);
    }
}
