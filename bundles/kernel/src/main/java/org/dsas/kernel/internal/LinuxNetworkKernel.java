package org.dsas.kernel.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
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
 * The kernel seam on Linux through JNA: raw IP and packet sockets, and
 * interface links and addresses over rtnetlink. Works in the network
 * namespace of the calling thread.
 */
@Component(service = NetworkKernel.class)
public final class LinuxNetworkKernel implements NetworkKernel {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxNetworkKernel.class);

    static final int IFF_UP = 0x1;
    static final int IFF_RUNNING = 0x40;

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
