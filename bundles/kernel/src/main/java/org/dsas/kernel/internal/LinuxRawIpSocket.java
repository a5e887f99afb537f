package org.dsas.kernel.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.dsas.kernel.api.KernelException;
import org.dsas.kernel.api.RawIpSocket;
import org.dsas.kernel.api.ReceivedPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw IPv4 or IPv6 socket for one IP protocol, bound to one interface
 * (SO_BINDTODEVICE), multicast out of that interface with the configured TTL /
 * hop limit and without loopback. IPv4 receives carry the IP header, which is
 * parsed here; IPv6 receives carry only the payload, the hop limit and
 * destination come as ancillary data (IPV6_RECVHOPLIMIT, IPV6_RECVPKTINFO).
 * No IPV6_CHECKSUM: for VRRP the caller computes the checksum itself.
 */
final class LinuxRawIpSocket implements RawIpSocket {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxRawIpSocket.class);

    private static final int BUFFER_SIZE = 65_536;
    private static final int CONTROL_SIZE = 256;
    /** Upper bound of one poll, so a receiver notices close() even if a wake-up is missed. */
    private static final int POLL_SLICE_MILLIS = 1_000;

    private final NativeSocket socket;
    private final String ifname;
    private final int ifindex;
    private final boolean ipv6;
    private final Structs structs = Structs.host();
    private final Object receiveLock = new Object();
    // receive-side native memory, used by one receiver at a time under receiveLock
    private final Memory buffer = new Memory(BUFFER_SIZE);
    private final Memory control = new Memory(CONTROL_SIZE);
    private final Memory sourceAddress = new Memory(Structs.SOCKADDR_IN6_SIZE);
    private final Memory iovec = new Memory(2L * Native.POINTER_SIZE);
    private final Memory msghdr = new Memory(7L * Native.POINTER_SIZE);

    private LinuxRawIpSocket(NativeSocket socket, String ifname, int ifindex, boolean ipv6) {
        this.socket = socket;
        this.ifname = ifname;
        this.ifindex = ifindex;
        this.ipv6 = ipv6;
    }

    static LinuxRawIpSocket open(int protocol, String ifname, boolean ipv6, int ttl) throws KernelException {
        if (protocol < 1 || protocol > 255) {
            throw new IllegalArgumentException("IP protocol " + protocol + " is not in 1..255");
        }
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("TTL " + ttl + " is not in 1..255");
        }
        String description = (ipv6 ? "raw IPv6 socket" : "raw IP socket") + " protocol " + protocol + " on " + ifname;
        String operation = "open " + description;
        int fd = LibC.openSocket(operation, ipv6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_RAW, protocol);
        try {
            int ifindex = LibC.interfaceIndex(operation, ifname);
            Structs structs = Structs.host();
            LibC.setOption(operation + " (SO_BINDTODEVICE)", fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE,
                    (ifname + "\0").getBytes(StandardCharsets.US_ASCII));
            if (ipv6) {
                ipv6Option(operation, fd, LibC.IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF", ifindex);
                ipv6Option(operation, fd, LibC.IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS", ttl);
                ipv6Option(operation, fd, LibC.IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS", ttl);
                ipv6Option(operation, fd, LibC.IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP", 0);
                ipv6Option(operation, fd, LibC.IPV6_RECVHOPLIMIT, "IPV6_RECVHOPLIMIT", 1);
                ipv6Option(operation, fd, LibC.IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO", 1);
            } else {
                LibC.setOption(operation + " (IP_MULTICAST_IF)", fd, LibC.IPPROTO_IP, LibC.IP_MULTICAST_IF,
                        structs.ipMreqn(null, ifindex));
                ipv4Option(operation, fd, LibC.IP_MULTICAST_TTL, "IP_MULTICAST_TTL", ttl);
                ipv4Option(operation, fd, LibC.IP_TTL, "IP_TTL", ttl);
                ipv4Option(operation, fd, LibC.IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP", 0);
            }
            LOG.debug("kernel[{}] opened {} with TTL {}", ifname, description, ttl);
            return new LinuxRawIpSocket(new NativeSocket(fd, description), ifname, ifindex, ipv6);
        } catch (KernelException | RuntimeException e) {
            LibC.closeQuietly(fd);
            throw e;
        }
    }

    private static void ipv4Option(String operation, int fd, int option, String name, int value)
            throws KernelException {
        LibC.setIntOption(operation + " (" + name + " " + value + ")", fd, LibC.IPPROTO_IP, option, value);
    }

    private static void ipv6Option(String operation, int fd, int option, String name, int value)
            throws KernelException {
        LibC.setIntOption(operation + " (" + name + " " + value + ")", fd, LibC.IPPROTO_IPV6, option, value);
    }

    @Override
    public void joinGroup(InetAddress group) throws KernelException {
        checkFamily(group);
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(AddressText.of(group) + " is not a multicast group");
        }
        String operation = "join group " + AddressText.of(group) + " on " + ifname;
        socket.use(operation, fd -> {
            if (ipv6) {
                LibC.setOption(operation, fd, LibC.IPPROTO_IPV6, LibC.IPV6_JOIN_GROUP,
                        structs.ipv6Mreq((Inet6Address) group, ifindex));
            } else {
                LibC.setOption(operation, fd, LibC.IPPROTO_IP, LibC.IP_ADD_MEMBERSHIP,
                        structs.ipMreqn((Inet4Address) group, ifindex));
            }
            return null;
        });
    }

    @Override
    public void send(InetAddress destination, byte[] payload) throws KernelException {
        checkFamily(destination);
        String operation = "send " + payload.length + " bytes to " + AddressText.of(destination) + " on "
                + socket.description();
        byte[] address = structs.sockaddr(destination, scopeId(destination));
        socket.use(operation, fd -> {
            LibC.sendTo(operation, fd, payload, address);
            return null;
        });
    }

    /** Link-scoped IPv6 destinations go out of this socket's interface unless the address names a scope. */
    private int scopeId(InetAddress destination) {
        if (destination instanceof Inet6Address v6) {
            if (v6.getScopeId() > 0) {
                return v6.getScopeId();
            }
            if (v6.isLinkLocalAddress() || v6.isMulticastAddress()) {
                return ifindex;
            }
        }
        return 0;
    }

    @Override
    public ReceivedPacket receive(int timeoutMillis) throws KernelException {
        String operation = "receive on " + socket.description();
        synchronized (receiveLock) {
            return socket.use(operation, fd -> {
                long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
                while (true) {
                    long remaining = (deadline - System.nanoTime()) / 1_000_000L;
                    boolean readable = LibC.awaitReadable(operation, fd,
                            (int) Math.max(0, Math.min(remaining, POLL_SLICE_MILLIS)));
                    if (socket.isClosed()) {
                        throw new KernelException(operation + ": socket closed");
                    }
                    if (readable) {
                        ReceivedPacket packet = ipv6 ? readIpv6(operation, fd) : readIpv4(operation, fd);
                        if (packet != null) {
                            return packet;
                        }
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        return null;
                    }
                }
            });
        }
    }

    /** One IPv4 datagram with its header, or null when none was queued or it was malformed. */
    private ReceivedPacket readIpv4(String operation, int fd) throws KernelException {
        int length;
        try {
            length = (int) LibC.recvfrom(fd, buffer, new NativeLong(BUFFER_SIZE), LibC.MSG_DONTWAIT, null, null)
                    .longValue();
        } catch (LastErrorException e) {
            return ignoreRetryable(operation, e);
        }
        ByteBuffer datagram = buffer.getByteBuffer(0, length); // network order, as the header is
        try {
            Ipv4Header header = Ipv4Header.parse(datagram, length);
            byte[] payload = new byte[Math.max(0, header.payloadLength(length))];
            buffer.read(header.headerLength(), payload, 0, payload.length);
            return new ReceivedPacket(header.source(), header.destination(), header.ttl(), payload);
        } catch (IllegalArgumentException e) {
            LOG.debug("kernel[{}] dropped a malformed datagram: {}", ifname, e.getMessage());
            return null;
        }
    }

    /** One IPv6 payload with source, destination and hop limit, or null when none was queued. */
    private ReceivedPacket readIpv6(String operation, int fd) throws KernelException {
        int p = Native.POINTER_SIZE;
        iovec.setPointer(0, buffer);
        iovec.setNativeLong(p, new NativeLong(BUFFER_SIZE));
        msghdr.clear();
        msghdr.setPointer(0, sourceAddress);
        msghdr.setInt(p, Structs.SOCKADDR_IN6_SIZE);
        msghdr.setPointer(2L * p, iovec);
        msghdr.setNativeLong(3L * p, new NativeLong(1));
        msghdr.setPointer(4L * p, control);
        msghdr.setNativeLong(5L * p, new NativeLong(CONTROL_SIZE));
        int length;
        try {
            length = (int) LibC.recvmsg(fd, msghdr, LibC.MSG_DONTWAIT).longValue();
        } catch (LastErrorException e) {
            return ignoreRetryable(operation, e);
        }
        int controlLength = (int) msghdr.getNativeLong(5L * p).longValue();
        InetAddress source = structs.inet6Source(sourceAddress.getByteArray(0, Structs.SOCKADDR_IN6_SIZE));
        InetAddress destination = null;
        int hopLimit = -1;
        ByteBuffer controlBytes = control.getByteBuffer(0, CONTROL_SIZE).order(ByteOrder.nativeOrder());
        for (ControlMessage m : ControlMessage.parse(controlBytes, controlLength, Native.SIZE_T_SIZE)) {
            if (m.level() != LibC.IPPROTO_IPV6) {
                continue;
            }
            if (m.type() == LibC.IPV6_HOPLIMIT) {
                hopLimit = m.intValue();
            } else if (m.type() == LibC.IPV6_PKTINFO) {
                byte[] address = new byte[16];
                m.data().get(0, address);
                destination = Structs.inet6(address, m.data().getInt(16));
            }
        }
        return new ReceivedPacket(source, destination, hopLimit, buffer.getByteArray(0, length));
    }

    private static ReceivedPacket ignoreRetryable(String operation, LastErrorException e) throws KernelException {
        if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
            return null;
        }
        throw Errno.exception(operation, e.getErrorCode());
    }

    private void checkFamily(InetAddress address) {
        if (ipv6 != address instanceof Inet6Address) {
            throw new IllegalArgumentException(AddressText.of(address) + " on " + socket.description());
        }
    }

    @Override
    public void close() {
        socket.close();
        // no receiver is inside the socket any more, and later ones stop at the closed socket
        synchronized (receiveLock) {
            buffer.close();
            control.close();
            sourceAddress.close();
            iovec.close();
            msghdr.close();
        }
        LOG.debug("kernel[{}] closed {}", ifname, socket.description());
    }

    @Override
    public String toString() {
        return socket.description();
    }
}
