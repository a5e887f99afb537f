package org.dsas.core.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dsas.core.api.FlagSource;

/**
 * Decides each role from the flag sets: the highest-precedence source that
 * names a role decides it; a required role is always on; a role nobody names
 * is off. Unknown role names are reported and ignored, so the other roles
 * still come up.
 */
final class RoleResolver {

    record Decision(boolean wanted, FlagSource source, String detail) {
    }

    private RoleResolver() {
    }

    /**
     * @param roles    the defined roles
     * @param sets     flag sets, lowest precedence first
     * @param problems receives unknown roles and refused switches
     */
    static Map<String, Decision> resolve(List<RoleDefinition> roles, List<FlagSet> sets, List<String> problems) {
        Map<String, RoleDefinition> byName = roles.stream()
                .collect(Collectors.toMap(RoleDefinition::name, r -> r, (a, b) -> a, LinkedHashMap::new));
        Map<String, Decision> decisions = new LinkedHashMap<>();
        for (RoleDefinition role : roles) {
            decisions.put(role.name(), role.required()
                    ? new Decision(true, FlagSource.REQUIRED, "role." + role.name() + ".required=true")
                    : new Decision(false, FlagSource.DEFAULT, "not named by any flag"));
        }
        for (FlagSet set : sets) {
            for (Map.Entry<String, Boolean> flag : set.roles().entrySet()) {
                RoleDefinition role = byName.get(flag.getKey());
                if (role == null) {
                    problems.add(set.source().label() + " (" + set.detail() + ") names unknown role '"
                            + flag.getKey() + "'; known roles: " + String.join(", ", byName.keySet()));
                    continue;
                }
                if (role.required() && !flag.getValue()) {
                    problems.add(set.source().label() + " (" + set.detail() + ") tries to switch off required role '"
                            + role.name() + "'; it stays on");
                    continue;
                }
                decisions.put(role.name(), new Decision(flag.getValue(), set.source(), set.detail()));
            }
        }
        return decisions;
    }
}
