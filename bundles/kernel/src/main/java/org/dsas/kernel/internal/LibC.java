package org.dsas.kernel.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import org.dsas.kernel.api.KernelException;

/**
 * The libc calls this bundle makes (JNA direct mapping) and the Linux constants
 * they take. Every call that can fail declares {@link LastErrorException}, which
 * the callers turn into a {@link KernelException} naming the operation.
 * Constants are the Linux values shared by x86_64 and aarch64.
 */
final class LibC {

    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_NETLINK = 16;
    static final int AF_PACKET = 17;

    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;

    static final int SOL_SOCKET = 1;
    static final int SO_BINDTODEVICE = 25;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVBUFFORCE = 33;

    static final int IPPROTO_IP = 0;
    static final int IP_TTL = 2;
    static final int IP_MULTICAST_IF = 32;
    static final int IP_MULTICAST_TTL = 33;
    static final int IP_MULTICAST_LOOP = 34;
    static final int IP_ADD_MEMBERSHIP = 35;

    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MULTICAST_IF = 17;
    static final int IPV6_MULTICAST_HOPS = 18;
    static final int IPV6_MULTICAST_LOOP = 19;
    static final int IPV6_JOIN_GROUP = 20;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_RECVHOPLIMIT = 51;
    static final int IPV6_HOPLIMIT = 52;

    static final int SOL_NETLINK = 270;
    static final int NETLINK_ROUTE = 0;
    static final int NETLINK_GENERIC = 16;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;

    static final int MSG_CTRUNC = 0x08;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    static final short POLLIN = 0x1;
    static final int SHUT_RDWR = 2;

    static final int O_WRONLY = 0x1;
    static final int O_CLOEXEC = 0x80000;

    static final int EINTR = 4;
    static final int ENOENT = 2;
    static final int EAGAIN = 11;
    static final int ENODEV = 19;

    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, byte[] value, int valueLength)
            throws LastErrorException;

    static native NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address,
                                    int addressLength) throws LastErrorException;

    static native NativeLong recvfrom(int fd, Pointer buffer, NativeLong length, int flags, Pointer address,
                                      Pointer addressLength) throws LastErrorException;

    static native NativeLong recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    static native int poll(Pointer fds, NativeLong count, int timeoutMillis) throws LastErrorException;

    static native int shutdown(int fd, int how) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int open(String path, int flags) throws LastErrorException;

    static native NativeLong write(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    /** Returns 0 and leaves errno set on failure; glibc may touch errno on success, so no LastErrorException. */
    static native int if_nametoindex(String name);

    /** The interface index, or ENODEV as a KernelException naming the operation. */
    static int interfaceIndex(String operation, String ifname) throws KernelException {
        if (ifname == null || ifname.isEmpty()) {
            throw new KernelException(operation + ": no interface name");
        }
        int index = if_nametoindex(ifname);
        if (index == 0) {
            int errno = Native.getLastError();
            throw Errno.exception(operation, errno == 0 ? ENODEV : errno);
        }
        return index;
    }

    /** Opens a socket, retrying on nothing: socket() does not return EINTR. */
    static int openSocket(String operation, int domain, int type, int protocol) throws KernelException {
        try {
            return socket(domain, type | SOCK_CLOEXEC, protocol);
        } catch (LastErrorException e) {
            throw Errno.exception(operation, e.getErrorCode());
        }
    }

    static void setIntOption(String operation, int fd, int level, int name, int value) throws KernelException {
        setOption(operation, fd, level, name, Structs.nativeInt(value));
    }

    static void setOption(String operation, int fd, int level, int name, byte[] value) throws KernelException {
        try {
            setsockopt(fd, level, name, value, value.length);
        } catch (LastErrorException e) {
            throw Errno.exception(operation, e.getErrorCode());
        }
    }

    /** Sends one datagram; EINTR is retried. */
    static void sendTo(String operation, int fd, byte[] data, byte[] address) throws KernelException {
        while (true) {
            try {
                long sent = sendto(fd, data, new NativeLong(data.length), 0, address, address.length).longValue();
                if (sent != data.length) {
                    throw new KernelException(operation + ": sent " + sent + " of " + data.length + " bytes");
                }
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw Errno.exception(operation, e.getErrorCode());
                }
            }
        }
    }

    /**
     * Waits until the socket is readable (or hung up) for at most {@code timeoutMillis}.
     *
     * @return false on timeout or EINTR, so callers loop on their own deadline
     */
    static boolean awaitReadable(String operation, int fd, int timeoutMillis) throws KernelException {
        try (Memory pollfd = new Memory(8)) {
            pollfd.setInt(0, fd);
            pollfd.setShort(4, POLLIN);
            pollfd.setShort(6, (short) 0);
            try {
                return poll(pollfd, new NativeLong(1), Math.max(0, timeoutMillis)) > 0;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    return false;
                }
                throw Errno.exception(operation, e.getErrorCode());
            }
        }
    }

    /**
     * Writes a whole file that exists, as one write() (a /proc/sys value is taken in one write); EINTR is
     * retried. The kernel's errno (ENOENT for a missing sysctl, EINVAL for a refused value) is reported.
     */
    static void writeFile(String operation, String path, byte[] data) throws KernelException {
        int fd;
        while (true) {
            try {
                fd = open(path, O_WRONLY | O_CLOEXEC);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw Errno.exception(operation, e.getErrorCode());
                }
            }
        }
        try {
            while (true) {
                try {
                    long written = write(fd, data, new NativeLong(data.length)).longValue();
                    if (written != data.length) {
                        throw new KernelException(operation + ": wrote " + written + " of " + data.length + " bytes");
                    }
                    return;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != EINTR) {
                        throw Errno.exception(operation, e.getErrorCode());
                    }
                }
            }
        } finally {
            closeQuietly(fd);
        }
    }

    static void closeQuietly(int fd) {
        try {
            close(fd);
        } catch (LastErrorException e) {
            // close() releases the descriptor even when it reports an error: nothing to retry
        }
    }
}
