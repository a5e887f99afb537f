package org.dsas.kernel.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fixed-layout C structs the socket calls take, as bytes: sockaddr_in,
 * sockaddr_in6, sockaddr_ll, sockaddr_nl, ip_mreqn, ipv6_mreq and int options.
 * Family and index fields are in host order, ports and protocols in network
 * order, as the kernel expects. Pure: no I/O.
 */
final class Structs {

    static final int SOCKADDR_IN_SIZE = 16;
    static final int SOCKADDR_IN6_SIZE = 28;
    static final int SOCKADDR_LL_SIZE = 20;
    static final int SOCKADDR_NL_SIZE = 12;

    private final ByteOrder order;

    Structs(ByteOrder order) {
        this.order = order;
    }

    static Structs host() {
        return new Structs(ByteOrder.nativeOrder());
    }

    static byte[] nativeInt(int value) {
        return host().intValue(value);
    }

    byte[] intValue(int value) {
        return buffer(4).putInt(value).array();
    }

    /** sockaddr_in or sockaddr_in6 (port 0); the scope id is used for IPv6 only. */
    byte[] sockaddr(InetAddress address, int scopeId) {
        if (address instanceof Inet4Address) {
            ByteBuffer b = buffer(SOCKADDR_IN_SIZE);
            b.putShort((short) LibC.AF_INET).putShort((short) 0).put(address.getAddress());
            return b.array();
        }
        ByteBuffer b = buffer(SOCKADDR_IN6_SIZE);
        b.putShort((short) LibC.AF_INET6).putShort((short) 0).putInt(0).put(address.getAddress()).putInt(scopeId);
        return b.array();
    }

    /** sockaddr_ll for sending on an interface to a hardware address. */
    byte[] sockaddrLl(int ethertype, int ifindex, byte[] mac) {
        ByteBuffer b = buffer(SOCKADDR_LL_SIZE);
        b.putShort((short) LibC.AF_PACKET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) ethertype).order(order);
        b.putInt(ifindex).putShort((short) 0).put((byte) 0).put((byte) mac.length).put(mac);
        return b.array();
    }

    /** sockaddr_nl addressed to the kernel (port 0, no groups). */
    byte[] sockaddrNl() {
        return buffer(SOCKADDR_NL_SIZE).putShort((short) LibC.AF_NETLINK).array();
    }

    /** ip_mreqn: group, no local address, interface index (also accepted by IP_MULTICAST_IF). */
    byte[] ipMreqn(Inet4Address group, int ifindex) {
        ByteBuffer b = buffer(12);
        b.put(group == null ? new byte[4] : group.getAddress()).put(new byte[4]).putInt(ifindex);
        return b.array();
    }

    /** ipv6_mreq: group, interface index. */
    byte[] ipv6Mreq(Inet6Address group, int ifindex) {
        return buffer(20).put(group.getAddress()).putInt(ifindex).array();
    }

    /** The address and scope id of a sockaddr_in6 as recvmsg fills it. */
    InetAddress inet6Source(byte[] sockaddrIn6) {
        ByteBuffer b = ByteBuffer.wrap(sockaddrIn6).order(order);
        byte[] address = new byte[16];
        b.position(8);
        b.get(address);
        int scopeId = b.getInt();
        return inet6(address, scopeId);
    }

    /** An IPv6 address, scoped to the interface when it is link-local (so replies can go back to it). */
    static InetAddress inet6(byte[] address, int scopeId) {
        try {
            boolean linkLocal = (address[0] & 0xff) == 0xfe && (address[1] & 0xc0) == 0x80;
            return linkLocal && scopeId > 0
                    ? Inet6Address.getByAddress(null, address, scopeId)
                    : InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad IPv6 address length " + address.length, e);
        }
    }

    private ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(order);
    }
}
