package org.dsas.core.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses one role flag value, the same syntax in every source:
 * {@code lb, metrics -console !netboot}: names separated by commas or spaces;
 * a leading {@code -} or {@code !} switches the role off. Later mentions win.
 */
final class RoleFlags {

    static final Pattern ROLE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private RoleFlags() {
    }

    /**
     * @param value    the raw flag value (may be null or blank: no roles)
     * @param where    names the source in problem messages, e.g. {@code etc/dsas.flags key 'roles'}
     * @param problems receives one line per token that is not a role name; those tokens are skipped
     * @return role name to on/off, in the order given
     */
    static Map<String, Boolean> parse(String value, String where, List<String> problems) {
        Map<String, Boolean> roles = new LinkedHashMap<>();
        if (value == null) {
            return roles;
        }
        for (String token : value.trim().split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            boolean on = true;
            String name = token;
            if (name.startsWith("-") || name.startsWith("!")) {
                on = false;
                name = name.substring(1);
            }
            if (!ROLE_NAME.matcher(name).matches()) {
                problems.add(where + ": '" + token + "' is not a role name (lower-case letters, digits, '-', '_'; "
                        + "prefix '-' to switch a role off)");
                continue;
            }
            roles.remove(name);
            roles.put(name, on);
        }
        return roles;
    }

    /** Formats roles back into the flag syntax, e.g. {@code lb,-console}. */
    static String format(Map<String, Boolean> roles) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Boolean> e : roles.entrySet()) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(e.getValue() ? "" : "-").append(e.getKey());
        }
        return out.toString();
    }
}
