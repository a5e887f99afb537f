package org.dsas.kernel.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.dsas.kernel.api.InterfaceAddress;
import org.dsas.kernel.api.KernelException;
import org.dsas.kernel.api.NetInterface;
import org.dsas.kernel.api.NetworkKernel;
import org.dsas.kernel.api.PacketSocket;
import org.dsas.kernel.api.RawIpSocket;
import org.dsas.kernel.internal.RouteNetlinkCodec.AddressEntry;
import org.dsas.kernel.internal.RouteNetlinkCodec.LinkEntry;
import org.dsas.kernel.internal.RouteNetlinkCodec.Message;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel seam on Linux through JNA: raw IP and packet sockets, interface
 * links (read, macvlan create, delete) and addresses over rtnetlink, IPv4
 * per-interface sysctls through /proc/sys. Works in the network namespace of
 * the calling thread.
 */
@Component(service = NetworkKernel.class)
public final class LinuxNetworkKernel implements NetworkKernel {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxNetworkKernel.class);

    static final int IFF_UP = 0x1;
    static final int IFF_RUNNING = 0x40;
    /** IFNAMSIZ less the terminating NUL. */
    static final int MAX_IFNAME_BYTES = 15;
    static final String IPV4_CONF = "/proc/sys/net/ipv4/conf/";

    private final RouteNetlink netlink = new RouteNetlink();

    @Override
    public RawIpSocket openRawIp(int protocol, String ifname, boolean ipv6, int ttl) throws KernelException {
        return LinuxRawIpSocket.open(protocol, ifname, ipv6, ttl);
    }

    @Override
    public PacketSocket openPacket(String ifname) throws KernelException {
        return LinuxPacketSocket.open(ifname);
    }

    @Override
    public NetInterface netInterface(String ifname) throws KernelException {
        String operation = "read interface " + ifname;
        int index = LibC.interfaceIndex(operation, ifname);
        LinkEntry link = null;
        for (Message m : netlink.request(operation, seq -> netlink.codec().getLink(seq, index))) {
            if (m.type() == RouteNetlinkCodec.RTM_NEWLINK) {
                link = netlink.codec().link(m);
            }
        }
        if (link == null) {
            throw new KernelException(operation + ": no RTM_NEWLINK reply for index " + index);
        }
        return new NetInterface(ifname, index, link.mac(), (link.flags() & IFF_UP) != 0,
                (link.flags() & IFF_RUNNING) != 0, addresses(operation, index));
    }

    @Override
    public void addAddress(String ifname, InetAddress address, int prefixLength) throws KernelException {
        String operation = "add address " + AddressText.of(address, checkPrefix(address, prefixLength)) + " on "
                + ifname;
        int index = LibC.interfaceIndex(operation, ifname);
        netlink.request(operation, seq -> netlink.codec().newAddress(seq, index, address, prefixLength));
        LOG.info("kernel[{}] added address {}", ifname, AddressText.of(address, prefixLength));
    }

    @Override
    public void deleteAddress(String ifname, InetAddress address, int prefixLength) throws KernelException {
        String operation = "delete address " + AddressText.of(address, checkPrefix(address, prefixLength))
                + " on " + ifname;
        int index = LibC.interfaceIndex(operation, ifname);
        netlink.request(operation, seq -> netlink.codec().deleteAddress(seq, index, address, prefixLength));
        LOG.info("kernel[{}] deleted address {}", ifname, AddressText.of(address, prefixLength));
    }

    @Override
    public List<InterfaceAddress> addresses(String ifname) throws KernelException {
        String operation = "list addresses on " + ifname;
        return addresses(operation, LibC.interfaceIndex(operation, ifname));
    }

    @Override
    public void createMacvlan(String parent, String name, byte[] mac) throws KernelException {
        checkName(name);
        if (mac == null || mac.length != 6) {
            throw new IllegalArgumentException("hardware address of " + (mac == null ? "null" : mac.length + " bytes")
                    + " for macvlan " + name + ": 6 bytes expected");
        }
        byte[] address = mac.clone();
        String operation = "create macvlan " + name + " on " + parent;
        int parentIndex = LibC.interfaceIndex(operation, parent);
        netlink.request(operation, seq -> netlink.codec().newMacvlan(seq, parentIndex, name, address));
        LOG.info("kernel[{}] created macvlan {} (mode private, {}, up)", parent, name, macText(address));
    }

    @Override
    public void deleteLink(String name) throws KernelException {
        checkName(name);
        netlink.request("delete link " + name, seq -> netlink.codec().deleteLink(seq, name));
        LOG.info("kernel[{}] deleted link", name);
    }

    @Override
    public void setIpv4Sysctl(String ifname, String key, String value) throws KernelException {
        checkName(ifname);
        if (key == null || !key.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("IPv4 sysctl key '" + key + "'");
        }
        if (value == null || !value.matches("[ -~]+")) {
            throw new IllegalArgumentException("value '" + value + "' for IPv4 sysctl " + key);
        }
        String path = IPV4_CONF + ifname + "/" + key;
        LibC.writeFile("write " + value + " to " + path, path, value.getBytes(StandardCharsets.US_ASCII));
        LOG.info("kernel[{}] set {} = {}", ifname, path, value);
    }

    /** A name the kernel could hold and a path segment could carry: 1-15 bytes, no '/', no NUL, no spaces. */
    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
                || name.getBytes(StandardCharsets.UTF_8).length > MAX_IFNAME_BYTES
                || name.chars().anyMatch(c -> c == '/' || c == 0 || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("interface name '" + name + "'");
        }
    }

    private static String macText(byte[] mac) {
        StringBuilder text = new StringBuilder();
        for (byte b : mac) {
            text.append(text.length() == 0 ? "" : ":").append(String.format("%02x", b & 0xff));
        }
        return text.toString();
    }

    private List<InterfaceAddress> addresses(String operation, int index) throws KernelException {
        List<InterfaceAddress> addresses = new ArrayList<>();
        for (Message m : netlink.dump(operation, seq -> netlink.codec().dumpAddresses(seq, LibC.AF_UNSPEC))) {
            if (m.type() != RouteNetlinkCodec.RTM_NEWADDR) {
                continue;
            }
            AddressEntry entry;
            try {
                entry = netlink.codec().address(m);
            } catch (IllegalArgumentException e) {
                throw new KernelException(operation + ": malformed RTM_NEWADDR: " + e.getMessage());
            }
            if (entry.index() == index) {
                addresses.add(new InterfaceAddress(entry.address(), entry.prefixLength()));
            }
        }
        return addresses;
    }

    private static int checkPrefix(InetAddress address, int prefixLength) {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " for " + AddressText.of(address));
        }
        return prefixLength;
    }
}
