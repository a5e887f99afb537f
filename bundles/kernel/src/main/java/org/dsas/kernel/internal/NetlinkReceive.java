package org.dsas.kernel.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

import org.dsas.kernel.api.KernelException;

/** Owns reading one netlink datagram with a deadline, shared by rtnetlink and generic netlink. */
final class NetlinkReceive {

    private NetlinkReceive() {
    }

    /**
     * One datagram's length, or -1 when nothing was there yet (or the call was interrupted); fails at the
     * deadline or when the datagram does not fit {@code size}. {@code what} names the protocol in messages.
     */
    static int datagram(String operation, String what, int fd, Memory buffer, int size, long deadline,
            int timeoutMillis) throws KernelException {
        int remaining = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
        if (remaining == 0) {
            throw new KernelException(operation + ": no " + what + " reply within " + timeoutMillis + " ms");
        }
        if (!LibC.awaitReadable(operation, fd, remaining)) {
            return -1;
        }
        try {
            long length = LibC.recvfrom(fd, buffer, new NativeLong(size),
                    LibC.MSG_DONTWAIT | LibC.MSG_TRUNC, null, null).longValue();
            if (length > size) {
                throw new KernelException(operation + ": " + what + " reply of " + length + " bytes exceeds " + size);
            }
            return (int) length;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
                return -1;
            }
            throw Errno.exception(operation, e.getErrorCode());
        }
    }
}
