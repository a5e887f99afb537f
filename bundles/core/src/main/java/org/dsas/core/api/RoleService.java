package org.dsas.core.api;

import java.util.List;

/** Turns flags into installed role features; the operator's entry point for roles. */
public interface RoleService {

    /** Every defined role, in name order. */
    List<RoleState> roles();

    /** Names of the defined roles, in name order. */
    List<String> roleNames();

    /**
     * Enables a role now and records the choice (source {@link FlagSource#OPERATOR}).
     *
     * @throws RoleException naming the problem (unknown role, install failure)
     */
    RolePlan enable(String role, boolean dryRun) throws RoleException;

    /**
     * Disables a role now and records the choice.
     *
     * @throws RoleException naming the problem (unknown or required role, uninstall failure)
     */
    RolePlan disable(String role, boolean dryRun) throws RoleException;

    /** Forgets the operator's choice for a role, so the boot flags decide again. */
    RolePlan reset(String role, boolean dryRun) throws RoleException;
}
