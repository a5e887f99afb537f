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

    /**
     * Creates a macvlan interface {@code name} on {@code parent} with hardware address {@code mac}
     * (mode private, as keepalived's use_vmac) and brings it up (RTM_NEWLINK with IFLA_IFNAME, IFLA_LINK,
     * IFLA_ADDRESS, IFLA_LINKINFO{IFLA_INFO_KIND "macvlan", IFLA_INFO_DATA{IFLA_MACVLAN_MODE}}; flags IFF_UP).
     *
     * @throws KernelException EEXIST when an interface of that name exists, ENODEV when the parent is missing
     */
    void createMacvlan(String parent, String name, byte[] mac) throws KernelException;

    /** Deletes an interface by name (RTM_DELLINK); ENODEV when it does not exist. */
    void deleteLink(String name) throws KernelException;

    /**
     * Writes an IPv4 per-interface sysctl, e.g. ("eth0", "arp_ignore", "1") ->
     * /proc/sys/net/ipv4/conf/eth0/arp_ignore.
     */
    void setIpv4Sysctl(String ifname, String key, String value) throws KernelException;
}
