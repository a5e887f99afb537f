package org.dsas.core.command;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.dsas.core.api.RoleException;
import org.dsas.core.api.RolePlan;
import org.dsas.core.api.RoleService;
import org.dsas.core.shell.ListingAction;

/** Shared by role:enable, role:disable and role:reset: the role argument, --dry-run and the plan printout. */
abstract class RoleChange extends ListingAction {

    @Reference
    RoleService roles;

    @Argument(index = 0, name = "role", required = true, multiValued = true,
            description = "Role name (see role:list); --dry-run and --json may also follow it")
    @Completion(RoleNameCompleter.class)
    List<String> args;

    String role;

    @Option(name = "--dry-run", aliases = "-n", description = "Print which bundles would be installed, started, "
            + "stopped, uninstalled or refreshed, and change nothing")
    boolean dryRun;

    abstract RolePlan change() throws RoleException;

    @Override
    public Object execute() throws Exception {
        // Operators type options after the role too (role:enable lb --dry-run); Karaf would take them as arguments.
        List<String> names = new java.util.ArrayList<>();
        for (String a : args) {
            switch (a) {
                case "--dry-run", "-n" -> dryRun = true;
                case "--json", "-j" -> json = true;
                default -> names.add(a);
            }
        }
        if (names.size() != 1) {
            throw new IllegalArgumentException("expected exactly one role name, got " + names.size() + ": " + names);
        }
        role = names.get(0);
        RolePlan plan;
        try {
            plan = change();
        } catch (RoleException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("role", plan.role());
        model.put("action", plan.action());
        model.put("dryRun", dryRun);
        model.put("install", plan.install());
        model.put("start", plan.start());
        model.put("stop", plan.stop());
        model.put("uninstall", plan.uninstall());
        model.put("update", plan.update());
        model.put("refresh", plan.refresh());
        model.put("refreshSuppressed", plan.refreshSuppressed());
        print(model, out -> printPlan(out, plan));
        return null;
    }

    private void printPlan(PrintStream out, RolePlan plan) {
        out.println((dryRun ? "Would " : "") + plan.action() + " role " + plan.role()
                + (plan.isEmpty() ? (dryRun ? ": no bundle changes" : ": no bundle changes were needed") : ":"));
        section(out, "install", plan.install());
        section(out, "start", plan.start());
        section(out, "stop", plan.stop());
        section(out, "uninstall", plan.uninstall());
        section(out, "update", plan.update());
        out.println("  refresh: none (DSAS never refreshes bundles on a role change)");
        if (!plan.refreshSuppressed().isEmpty()) {
            out.println("  stock Karaf would also have refreshed (restarted), and DSAS does not:");
            for (String b : plan.refreshSuppressed()) {
                out.println("    " + b);
            }
        }
    }

    private static void section(PrintStream out, String name, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.println("  " + name + ":");
        for (String i : items) {
            out.println("    " + i);
        }
    }
}
