package org.dsas.core.api;

/**
 * One role as the box sees it now.
 *
 * @param name        role name, e.g. {@code lb}
 * @param feature     the Karaf feature that makes up the role, e.g. {@code dsas-role-lb}
 * @param description what the role does
 * @param required    a required role cannot be disabled
 * @param wanted      what the flags decided
 * @param source      which flag source decided it
 * @param detail      where exactly (file path, variable, the raw flag)
 * @param active      whether the role's feature is installed now
 * @param error       the last error applying this role, or null
 */
public record RoleState(String name, String feature, String description, boolean required,
                        boolean wanted, FlagSource source, String detail, boolean active, String error) {

    /** The role as {@code role:list --json} and {@code dsas:status} print it. */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", name);
        m.put("active", active);
        m.put("wanted", wanted);
        m.put("source", source.label());
        m.put("detail", detail);
        m.put("feature", feature);
        m.put("required", required);
        m.put("description", description);
        m.put("error", error);
        return m;
    }
}
