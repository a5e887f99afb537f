package org.dsas.core.api;

/**
 * Where a role decision came from, lowest precedence first. A higher source
 * overrides a lower one for the roles it names; roles it does not name keep
 * the lower decision.
 */
public enum FlagSource {
    /** Nobody named the role: it is off, unless the role is required. */
    DEFAULT("default"),
    /** The role definition marks it required (the base role). */
    REQUIRED("required"),
    /** {@code etc/dsas.flags}, key {@code roles}. */
    FLAGS_FILE("flags-file"),
    /** Environment variable {@code DSAS_ROLES}. */
    ENVIRONMENT("environment"),
    /** {@code dsas.roles=} on the kernel command line (a netbooted server). */
    KERNEL_CMDLINE("kernel-cmdline"),
    /** The operator's last {@code role:enable}/{@code role:disable}, persisted. */
    OPERATOR("operator");

    private final String label;

    FlagSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
