package org.dsas.kernel.api;

import java.io.IOException;

/**
 * A failed kernel call, with the operation, the object it was about and the
 * errno, e.g. {@code add address 192.0.2.100/24 on eth0: EEXIST (File exists)}.
 */
public class KernelException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public KernelException(String operation, int errno, String errnoName, String description) {
        super(operation + ": " + errnoName + " (" + description + ")");
        this.errno = errno;
    }

    /** A failure with an errno whose message says more than libc's description would. */
    public KernelException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public KernelException(String message) {
        super(message);
        this.errno = 0;
    }

    /** The errno, or 0 when the failure was not a system call's. */
    public int errno() {
        return errno;
    }
}
