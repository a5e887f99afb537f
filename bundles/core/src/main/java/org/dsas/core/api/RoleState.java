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
}
