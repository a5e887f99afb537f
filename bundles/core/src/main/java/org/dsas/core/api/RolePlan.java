package org.dsas.core.api;

import java.util.List;

/**
 * What a role change would do to the bundles, as Karaf's resolver computes it.
 * DSAS never refreshes bundles during a role change, so {@code refreshSuppressed}
 * lists what stock Karaf would have restarted and DSAS does not.
 */
public record RolePlan(String role, String action, List<String> install, List<String> start,
                       List<String> stop, List<String> uninstall, List<String> update,
                       List<String> refresh, List<String> refreshSuppressed) {

    public boolean isEmpty() {
        return install.isEmpty() && uninstall.isEmpty() && update.isEmpty() && start.isEmpty() && stop.isEmpty();
    }
}
