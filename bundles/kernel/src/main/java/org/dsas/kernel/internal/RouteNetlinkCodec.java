package org.dsas.kernel.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * rtnetlink messages for interface addresses and links, as bytes: requests
 * (RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR dump, RTM_GETLINK, RTM_NEWLINK for a
 * macvlan, RTM_DELLINK) and replies
 * (NLMSG_ERROR acks with extended-ack text, RTM_NEWADDR, RTM_NEWLINK).
 * Netlink is in host byte order; the order is a constructor argument so the
 * codec is tested on fixed little-endian bytes. Pure: no I/O.
 */
final class RouteNetlinkCodec {

    static final int NLMSG_HDRLEN = 16;
    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;

    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    /** On NLMSG_ERROR: the request was not echoed back (NETLINK_CAP_ACK). */
    static final int NLM_F_CAPPED = 0x100;
    /** On NLMSG_ERROR: extended-ack attributes follow. */
    static final int NLM_F_ACK_TLVS = 0x200;

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;

    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_FLAGS = 8;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_LINK = 5;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int IFLA_MACVLAN_MODE = 1;
    static final int MACVLAN_MODE_PRIVATE = 1;
    static final int IFF_UP = 0x1;

    static final int NLMSGERR_ATTR_MSG = 1;

    static final int IFADDRMSG_LEN = 8;
    static final int IFINFOMSG_LEN = 16;
    static final int RTA_HDRLEN = 4;

    /** One netlink message: its header fields and the payload after the header. */
    record Message(int type, int flags, int seq, int pid, ByteBuffer payload) {
    }

    /** An NLMSG_ERROR: errno 0 is an acknowledgement; {@code text} is the kernel's extended-ack message or null. */
    record Ack(int errno, String text) {
    }

    /** An RTM_NEWADDR: the local address (IFA_LOCAL, else IFA_ADDRESS) with its prefix on an interface. */
    record AddressEntry(int family, int prefixLength, int flags, int scope, int index, InetAddress address,
                        String label) {
    }

    /** An RTM_NEWLINK: index, IFF_* flags, hardware address (empty if none) and name. */
    record LinkEntry(int index, int flags, byte[] mac, String name) {
    }

    private final ByteOrder order;

    RouteNetlinkCodec(ByteOrder order) {
        this.order = order;
    }

    static RouteNetlinkCodec hostOrder() {
        return new RouteNetlinkCodec(ByteOrder.nativeOrder());
    }

    // ---- requests

    /** IFA_F_NODAD: a service address that moves between nodes must be usable at once, as keepalived adds it. */
    static final int IFA_F_NODAD = 0x02;

    /**
     * RTM_NEWADDR that fails with EEXIST when the address is already there (NLM_F_EXCL). IPv6 addresses
     * skip duplicate address detection, which would hold a moved service address tentative for a second.
     */
    byte[] newAddress(int seq, int ifindex, InetAddress address, int prefixLength) {
        return addressRequest(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, ifindex,
                address, prefixLength, address instanceof Inet4Address ? 0 : IFA_F_NODAD);
    }

    /** RTM_DELADDR for exactly this address and prefix. */
    byte[] deleteAddress(int seq, int ifindex, InetAddress address, int prefixLength) {
        return addressRequest(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, seq, ifindex, address, prefixLength);
    }

    /** RTM_GETADDR dump of every address of a family (AF_UNSPEC: all); callers filter by interface. */
    byte[] dumpAddresses(int seq, int family) {
        ByteBuffer b = header(NLMSG_HDRLEN + IFADDRMSG_LEN, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq);
        b.put((byte) family).put((byte) 0).put((byte) 0).put((byte) 0).putInt(0);
        return b.array();
    }

    /** RTM_GETLINK for one interface index, acknowledged after the RTM_NEWLINK reply. */
    byte[] getLink(int seq, int ifindex) {
        ByteBuffer b = header(NLMSG_HDRLEN + IFINFOMSG_LEN, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        b.put((byte) LibC.AF_UNSPEC).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(0).putInt(0);
        return b.array();
    }

    /**
     * RTM_NEWLINK creating a macvlan {@code name} on the interface {@code parentIndex}, mode private, with
     * the hardware address {@code mac}, up at once; exclusive (EEXIST when the name is taken). Laid out as
     * iproute2's {@code ip link add link P name N address M up type macvlan mode private}: IFLA_INFO_KIND
     * without a terminating NUL, nests without NLA_F_NESTED.
     */
    byte[] newMacvlan(int seq, int parentIndex, String name, byte[] mac) {
        byte[] ifname = nulTerminated(name);
        byte[] kind = "macvlan".getBytes(StandardCharsets.US_ASCII);
        int mode = RTA_HDRLEN + 4;
        int data = RTA_HDRLEN + align(mode);
        int linkinfo = RTA_HDRLEN + align(RTA_HDRLEN + kind.length) + data;
        int length = NLMSG_HDRLEN + IFINFOMSG_LEN + align(RTA_HDRLEN + ifname.length) + align(RTA_HDRLEN + 4)
                + align(RTA_HDRLEN + mac.length) + linkinfo;
        ByteBuffer b = header(length, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
        ifinfomsg(b, 0, IFF_UP, IFF_UP);
        attribute(b, IFLA_IFNAME, ifname);
        attribute(b, IFLA_LINK, u32(parentIndex));
        attribute(b, IFLA_ADDRESS, mac);
        b.putShort((short) linkinfo).putShort((short) IFLA_LINKINFO);
        attribute(b, IFLA_INFO_KIND, kind);
        b.putShort((short) data).putShort((short) IFLA_INFO_DATA);
        attribute(b, IFLA_MACVLAN_MODE, u32(MACVLAN_MODE_PRIVATE));
        return b.array();
    }

    /** RTM_DELLINK naming the interface (IFLA_IFNAME, index 0): the kernel looks the name up itself. */
    byte[] deleteLink(int seq, String name) {
        byte[] ifname = nulTerminated(name);
        ByteBuffer b = header(NLMSG_HDRLEN + IFINFOMSG_LEN + align(RTA_HDRLEN + ifname.length), RTM_DELLINK,
                NLM_F_REQUEST | NLM_F_ACK, seq);
        ifinfomsg(b, 0, 0, 0);
        attribute(b, IFLA_IFNAME, ifname);
        return b.array();
    }

    private static void ifinfomsg(ByteBuffer b, int ifindex, int flags, int change) {
        b.put((byte) LibC.AF_UNSPEC).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(flags)
                .putInt(change);
    }

    private byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(order).putInt(value).array();
    }

    private static byte[] nulTerminated(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }

    private byte[] addressRequest(int type, int flags, int seq, int ifindex, InetAddress address,
                                  int prefixLength) {
        return addressRequest(type, flags, seq, ifindex, address, prefixLength, 0);
    }

    private byte[] addressRequest(int type, int flags, int seq, int ifindex, InetAddress address,
                                  int prefixLength, int ifaFlags) {
        byte[] bytes = address.getAddress();
        int attribute = align(RTA_HDRLEN + bytes.length);
        ByteBuffer b = header(NLMSG_HDRLEN + IFADDRMSG_LEN + 2 * attribute, type, flags, seq);
        int family = address instanceof Inet4Address ? LibC.AF_INET : LibC.AF_INET6;
        b.put((byte) family).put((byte) prefixLength).put((byte) ifaFlags).put((byte) 0).putInt(ifindex);
        attribute(b, IFA_LOCAL, bytes);
        attribute(b, IFA_ADDRESS, bytes);
        return b.array();
    }

    private ByteBuffer header(int length, int type, int flags, int seq) {
        ByteBuffer b = ByteBuffer.allocate(length).order(order);
        b.putInt(length).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        return b;
    }

    private static void attribute(ByteBuffer b, int type, byte[] value) {
        b.putShort((short) (RTA_HDRLEN + value.length)).putShort((short) type).put(value);
        b.position(align(b.position()));
    }

    // ---- replies

    /**
     * Splits one received datagram into its messages.
     *
     * @throws IllegalArgumentException on a length that does not fit the datagram
     */
    List<Message> messages(ByteBuffer datagram) {
        ByteBuffer b = datagram.slice().order(order);
        List<Message> messages = new ArrayList<>();
        int offset = 0;
        while (b.limit() - offset >= NLMSG_HDRLEN) {
            int length = b.getInt(offset);
            if (length < NLMSG_HDRLEN || length > b.limit() - offset) {
                throw new IllegalArgumentException("netlink message length " + length + " at offset " + offset
                        + " of a " + b.limit() + "-byte datagram");
            }
            messages.add(new Message(b.getShort(offset + 4) & 0xffff, b.getShort(offset + 6) & 0xffff,
                    b.getInt(offset + 8), b.getInt(offset + 12),
                    b.slice(offset + NLMSG_HDRLEN, length - NLMSG_HDRLEN).order(order)));
            offset += align(length);
        }
        return messages;
    }

    /** The errno (positive, 0 for success) and extended-ack text of an NLMSG_ERROR. */
    Ack ack(Message message) {
        ByteBuffer p = message.payload();
        int error = p.getInt(0);
        String text = null;
        if ((message.flags() & NLM_F_ACK_TLVS) != 0) {
            int offset = 4;
            if ((message.flags() & NLM_F_CAPPED) != 0) {
                offset += NLMSG_HDRLEN;
            } else if (p.limit() >= offset + 4) {
                offset += align(p.getInt(offset));
            }
            for (Attribute a : attributes(p, offset)) {
                if (a.type() == NLMSGERR_ATTR_MSG) {
                    text = string(a.value());
                }
            }
        }
        return new Ack(-error, text);
    }

    /** The error a dump ended with: NLMSG_DONE carries an int, 0 when the dump completed. */
    int doneErrno(Message message) {
        return message.payload().limit() >= 4 ? -message.payload().getInt(0) : 0;
    }

    AddressEntry address(Message message) {
        ByteBuffer p = message.payload();
        int family = p.get(0) & 0xff;
        int prefixLength = p.get(1) & 0xff;
        int flags = p.get(2) & 0xff;
        int scope = p.get(3) & 0xff;
        int index = p.getInt(4);
        byte[] local = null;
        byte[] address = null;
        String label = null;
        for (Attribute a : attributes(p, IFADDRMSG_LEN)) {
            switch (a.type()) {
                case IFA_LOCAL -> local = bytes(a.value());
                case IFA_ADDRESS -> address = bytes(a.value());
                case IFA_LABEL -> label = string(a.value());
                case IFA_FLAGS -> flags = a.value().getInt(0);
                default -> {
                    // other attributes (cache info, broadcast, protocol) are not part of the seam
                }
            }
        }
        byte[] chosen = local != null ? local : address;
        if (chosen == null) {
            throw new IllegalArgumentException("RTM_NEWADDR for interface " + index + " without an address");
        }
        return new AddressEntry(family, prefixLength, flags, scope, index, inet(chosen), label);
    }

    LinkEntry link(Message message) {
        ByteBuffer p = message.payload();
        int index = p.getInt(4);
        int flags = p.getInt(8);
        byte[] mac = new byte[0];
        String name = null;
        for (Attribute a : attributes(p, IFINFOMSG_LEN)) {
            if (a.type() == IFLA_ADDRESS) {
                mac = bytes(a.value());
            } else if (a.type() == IFLA_IFNAME) {
                name = string(a.value());
            }
        }
        return new LinkEntry(index, flags, mac, name);
    }

    private record Attribute(int type, ByteBuffer value) {
    }

    private List<Attribute> attributes(ByteBuffer payload, int offset) {
        List<Attribute> attributes = new ArrayList<>();
        int position = align(offset);
        while (payload.limit() - position >= RTA_HDRLEN) {
            int length = payload.getShort(position) & 0xffff;
            if (length < RTA_HDRLEN || length > payload.limit() - position) {
                throw new IllegalArgumentException("netlink attribute length " + length + " at offset " + position);
            }
            int type = payload.getShort(position + 2) & 0x3fff; // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
            attributes.add(new Attribute(type,
                    payload.slice(position + RTA_HDRLEN, length - RTA_HDRLEN).order(order)));
            position += align(length);
        }
        return attributes;
    }

    private static byte[] bytes(ByteBuffer value) {
        byte[] bytes = new byte[value.limit()];
        value.get(0, bytes);
        return bytes;
    }

    private static String string(ByteBuffer value) {
        byte[] bytes = bytes(value);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static InetAddress inet(byte[] bytes) {
        if (bytes.length == 16) {
            return Structs.inet6(bytes, 0);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("address of " + bytes.length + " bytes", e);
        }
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }
}
