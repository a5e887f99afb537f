package org.dsas.kernel.internal;

import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.dsas.kernel.api.KernelException;

/**
 * Owns one socket descriptor and its closing. Senders and receivers use the
 * descriptor under a shared lock; {@link #close()} shuts the socket down (which
 * wakes a receiver blocked in poll), then waits for them and closes it, so a
 * descriptor number is never used after the kernel may have reused it.
 */
final class NativeSocket {

    /** One call on the open descriptor. */
    interface Call<T> {
        T run(int fd) throws KernelException;
    }

    private final int fd;
    private final String description;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    NativeSocket(int fd, String description) {
        this.fd = fd;
        this.description = description;
    }

    <T> T use(String operation, Call<T> call) throws KernelException {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new KernelException(operation + ": " + description + " is closed");
            }
            return call.run(fd);
        } finally {
            lock.readLock().unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    String description() {
        return description;
    }

    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            LibC.shutdown(fd, LibC.SHUT_RDWR);
        } catch (com.sun.jna.LastErrorException e) {
            // ENOTCONN for unconnected raw sockets: the shutdown flag is set and pollers are woken all the same
        }
        lock.writeLock().lock();
        try {
            LibC.closeQuietly(fd);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
