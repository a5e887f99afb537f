package org.dsas.kernel.api;

/** A packet socket on one interface, for sending whole Ethernet frames. */
public interface PacketSocket extends AutoCloseable {

    /** Sends one Ethernet frame (destination MAC, source MAC, ethertype, payload). */
    void send(byte[] frame) throws KernelException;

    @Override
    void close();
}
