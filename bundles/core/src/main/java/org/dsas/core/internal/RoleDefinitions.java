package org.dsas.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates role definitions from the {@code org.dsas.roles}
 * configuration: {@code role.<name>.feature}, {@code role.<name>.description},
 * {@code role.<name>.required}. The whole configuration is checked before it
 * is used: one bad key rejects it all.
 */
final class RoleDefinitions {

    static final String PID = "org.dsas.roles";
    private static final Pattern KEY = Pattern.compile("role\\.([^.]+)\\.([^.]+)");
    private static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> ATTRIBUTES = Set.of("feature", "description", "required");

    private RoleDefinitions() {
    }

    /** The definition used when no configuration exists: the base role only. */
    static List<RoleDefinition> builtIn() {
        return List.of(new RoleDefinition("base", "dsas-role-base", "shell, status view, SSH management", true));
    }

    /**
     * @param props    configuration properties
     * @param fileName the file they came from, named in errors
     * @throws ConfigurationError naming file and key of every problem
     */
    static List<RoleDefinition> parse(Map<String, ?> props, String fileName) throws ConfigurationError {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> byRole = new TreeMap<>();
        for (Map.Entry<String, ?> e : new TreeMap<>(props).entrySet()) {
            String key = e.getKey();
            if (ConfigurationError.isFrameworkKey(key)) {
                continue;
            }
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                problems.add(ConfigurationError.line(fileName, key,
                        "not a role key (expected role.<name>.description|feature|required)"));
                continue;
            }
            String role = m.group(1);
            String attr = m.group(2);
            if (!RoleFlags.ROLE_NAME.matcher(role).matches()) {
                problems.add(ConfigurationError.line(fileName, key, "'" + role
                        + "' is not a role name (lower-case letters, digits, '-', '_')"));
            } else if (!ATTRIBUTES.contains(attr)) {
                problems.add(ConfigurationError.line(fileName, key, "unknown attribute '" + attr
                        + "' (known: description, feature, required)"));
            } else {
                byRole.computeIfAbsent(role, r -> new TreeMap<>()).put(attr, String.valueOf(e.getValue()).trim());
            }
        }
        List<RoleDefinition> roles = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : byRole.entrySet()) {
            String role = e.getKey();
            Map<String, String> attrs = e.getValue();
            String feature = attrs.getOrDefault("feature", "dsas-role-" + role);
            String required = attrs.getOrDefault("required", "false");
            boolean ok = true;
            if (!FEATURE.matcher(feature).matches()) {
                problems.add(ConfigurationError.line(fileName, "role." + role + ".feature",
                        "'" + feature + "' is not a feature name"));
                ok = false;
            }
            if (!required.equals("true") && !required.equals("false")) {
                problems.add(ConfigurationError.line(fileName, "role." + role + ".required",
                        "'" + required + "' is not true or false"));
                ok = false;
            }
            if (ok) {
                roles.add(new RoleDefinition(role, feature, attrs.getOrDefault("description", ""),
                        Boolean.parseBoolean(required)));
            }
        }
        if (roles.isEmpty() && problems.isEmpty()) {
            problems.add(ConfigurationError.line(fileName, "role.*", "no role is defined"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationError(problems);
        }
        return Collections.unmodifiableList(roles);
    }
}
