package org.dsas.core.api;

/** A privileged operation that could not be done; the message is one line for the operator. */
public class PrivilegedHelperException extends Exception {
    private static final long serialVersionUID = 1L;

    public PrivilegedHelperException(String message) {
        super(message);
    }
}
