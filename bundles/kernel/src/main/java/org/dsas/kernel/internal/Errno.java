package org.dsas.kernel.internal;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import org.dsas.kernel.api.KernelException;

/**
 * Turns an errno into the text operators read: its symbolic name and libc's
 * description, e.g. {@code EEXIST (File exists)}. Uses glibc's thread-safe
 * strerrorname_np/strerrordesc_np (glibc 2.32+), falling back to strerror.
 */
final class Errno {

    private static final Function NAME = function("strerrorname_np");
    private static final Function DESCRIPTION = function("strerrordesc_np");
    private static final Function STRERROR = function("strerror");

    private Errno() {
    }

    static KernelException exception(String operation, int errno) {
        return new KernelException(operation, errno, name(errno), description(errno));
    }

    /** Like {@link #exception(String, int)} with the kernel's extended-ack text after the description. */
    static KernelException exception(String operation, int errno, String kernelMessage) {
        String description = description(errno);
        if (kernelMessage != null && !kernelMessage.isBlank()) {
            description = description + "; kernel: " + kernelMessage;
        }
        return new KernelException(operation, errno, name(errno), description);
    }

    static String name(int errno) {
        String name = call(NAME, errno);
        return name != null ? name : "errno " + errno;
    }

    static String description(int errno) {
        String description = call(DESCRIPTION, errno);
        if (description == null) {
            description = call(STRERROR, errno);
        }
        return description != null ? description : "unknown error";
    }

    private static String call(Function function, int errno) {
        return function == null ? null : function.invokeString(new Object[] {errno}, false);
    }

    private static Function function(String name) {
        try {
            return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction(name);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }
}
