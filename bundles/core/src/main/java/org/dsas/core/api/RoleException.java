package org.dsas.core.api;

/** A role request that cannot be carried out; the message is one line for the operator. */
public class RoleException extends Exception {
    private static final long serialVersionUID = 1L;

    public RoleException(String message) {
        super(message);
    }

    public RoleException(String message, Throwable cause) {
        super(message, cause);
    }
}
