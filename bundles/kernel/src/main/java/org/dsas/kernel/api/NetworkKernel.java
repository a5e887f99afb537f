package org.dsas.kernel.api;

import java.net.InetAddress;
import java.util.List;

/** Linux networking as DSAS capabilities use it; registered as an OSGi service. */
public interface NetworkKernel {

    /**
     * Opens a raw IP socket for one IP protocol (112 for VRRP), bound to one interface.
     * IPv4: outgoing TTL and multicast TTL are set to {@code ttl}; multicast loopback is off.
     * IPv6: hop limit likewise; the received hop limit is reported through ancillary data.
     *
     * @throws KernelException naming the operation and errno (EPERM when not privileged)
     */
    RawIpSocket openRawIp(int protocol, String ifname, boolean ipv6, int ttl) throws KernelException;

    /** Opens a packet socket on an interface for sending whole Ethernet frames (gratuitous ARP, NA). */
    PacketSocket openPacket(String ifname) throws KernelException;

    /** The interface's index, hardware address, flags and addresses. */
    NetInterface netInterface(String ifname) throws KernelException;

    /** Adds an address to an interface through rtnetlink (RTM_NEWADDR); EEXIST is reported, not ignored. */
    void addAddress(String ifname, InetAddress address, int prefixLength) throws KernelException;

    /** Removes an address from an interface through rtnetlink (RTM_DELADDR). */
    void deleteAddress(String ifname, InetAddress address, int prefixLength) throws KernelException;

    /** The addresses configured on an interface now (RTM_GETADDR). */
    List<InterfaceAddress> addresses(String ifname) throws KernelException;
}
