package org.dsas.kernel.api;

import java.net.InetAddress;

/** A raw IP socket for one protocol on one interface. Thread-safe for one sender and one receiver. */
public interface RawIpSocket extends AutoCloseable {

    /** Joins a multicast group on the socket's interface (224.0.0.18, ff02::12). */
    void joinGroup(InetAddress group) throws KernelException;

    /** Sends one protocol payload (no IP header: the kernel builds it with the socket's TTL). */
    void send(InetAddress destination, byte[] payload) throws KernelException;

    /**
     * Waits up to {@code timeoutMillis} for one packet.
     *
     * @return the packet, or null on timeout
     */
    ReceivedPacket receive(int timeoutMillis) throws KernelException;

    @Override
    void close();
}
