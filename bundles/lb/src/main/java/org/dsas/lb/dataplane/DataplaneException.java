package org.dsas.lb.dataplane;

/**
 * A dataplane operation failed. The message is one line naming the operation,
 * the object and the cause, e.g. "add real server 192.168.31.101:80 to TCP
 * 10.0.0.1:80: EEXIST (already exists)".
 */
public class DataplaneException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, so the reconciler can tell drift (EXISTS, MISSING) from real failures. */
    public enum Reason { EXISTS, MISSING, INVALID, PERMISSION, UNSUPPORTED, FAILED }

    private final Reason reason;

    public DataplaneException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DataplaneException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
