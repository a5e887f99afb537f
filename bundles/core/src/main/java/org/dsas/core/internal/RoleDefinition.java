package org.dsas.core.internal;

/** A role as configured in {@code etc/org.dsas.roles.cfg}. */
record RoleDefinition(String name, String feature, String description, boolean required) {
}
