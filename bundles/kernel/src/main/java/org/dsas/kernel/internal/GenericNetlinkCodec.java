package org.dsas.kernel.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.dsas.kernel.api.GenericNetlink.Family;
import org.dsas.kernel.api.NetlinkAttributes;
import org.dsas.kernel.api.NetlinkAttributes.Attributes;
import org.dsas.kernel.internal.RouteNetlinkCodec.Message;

/**
 * Generic netlink messages as bytes: nlmsghdr + genlmsghdr (command, version,
 * reserved) + attributes, the nlctrl CTRL_CMD_GETFAMILY request and its reply.
 * The netlink layer below (splitting datagrams, acks, NLMSG_DONE) is shared with
 * {@link RouteNetlinkCodec}. Pure: no I/O.
 */
final class GenericNetlinkCodec {

    static final int GENL_HDRLEN = 4;
    /** nlctrl's fixed message type (GENL_ID_CTRL). */
    static final int GENL_ID_CTRL = 0x10;
    static final int CTRL_CMD_NEWFAMILY = 1;
    static final int CTRL_CMD_GETFAMILY = 3;
    /** The nlctrl version libnl (and so ipvsadm) sends. */
    static final int CTRL_VERSION = 1;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;
    static final int CTRL_ATTR_VERSION = 3;
    static final int CTRL_ATTR_MAXATTR = 5;

    private final ByteOrder order;
    private final RouteNetlinkCodec netlink;

    GenericNetlinkCodec(ByteOrder order) {
        this.order = order;
        this.netlink = new RouteNetlinkCodec(order);
    }

    static GenericNetlinkCodec hostOrder() {
        return new GenericNetlinkCodec(ByteOrder.nativeOrder());
    }

    RouteNetlinkCodec netlink() {
        return netlink;
    }

    ByteOrder order() {
        return order;
    }

    /** One message: nlmsghdr (pid 0: the kernel fills in ours), genlmsghdr, then {@code attributes} as they are. */
    byte[] message(int type, int flags, int seq, int command, int version, byte[] attributes) {
        int length = RouteNetlinkCodec.NLMSG_HDRLEN + GENL_HDRLEN + attributes.length;
        ByteBuffer b = ByteBuffer.allocate(length).order(order);
        b.putInt(length).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        b.put((byte) command).put((byte) version).putShort((short) 0);
        b.put(attributes);
        return b.array();
    }

    /** CTRL_CMD_GETFAMILY by name, acknowledged, laid out as libnl's genl_ctrl_resolve sends it. */
    byte[] getFamily(int seq, String name) {
        byte[] attributes = NetlinkAttributes.writer(order).string(CTRL_ATTR_FAMILY_NAME, name).toByteArray();
        return message(GENL_ID_CTRL, RouteNetlinkCodec.NLM_F_REQUEST | RouteNetlinkCodec.NLM_F_ACK, seq,
                CTRL_CMD_GETFAMILY, CTRL_VERSION, attributes);
    }

    /** The command byte of a generic netlink message. */
    static int command(Message message) {
        return message.payload().get(0) & 0xff;
    }

    /** The attributes after the genlmsghdr, in the message's byte order. */
    static ByteBuffer attributes(Message message) {
        ByteBuffer p = message.payload();
        if (p.limit() < GENL_HDRLEN) {
            throw new IllegalArgumentException("generic netlink message of " + p.limit() + " bytes has no genlmsghdr");
        }
        return p.slice(GENL_HDRLEN, p.limit() - GENL_HDRLEN).order(p.order());
    }

    /** nlctrl's CTRL_CMD_NEWFAMILY reply: id, name, version, highest attribute. */
    Family family(Message reply) {
        if (reply.type() != GENL_ID_CTRL || command(reply) != CTRL_CMD_NEWFAMILY) {
            throw new IllegalArgumentException("not an nlctrl family reply: type " + reply.type() + " command "
                    + command(reply));
        }
        Attributes a = NetlinkAttributes.parse(attributes(reply));
        return new Family(a.require(CTRL_ATTR_FAMILY_NAME, "CTRL_ATTR_FAMILY_NAME").string(),
                a.require(CTRL_ATTR_FAMILY_ID, "CTRL_ATTR_FAMILY_ID").u16(),
                a.get(CTRL_ATTR_VERSION).map(NetlinkAttributes.Attribute::u32).orElse(0),
                a.get(CTRL_ATTR_MAXATTR).map(NetlinkAttributes.Attribute::u32).orElse(0));
    }
}
