package org.dsas.vrrp.internal;

import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Builds the unsolicited neighbour advertisement (RFC 4861 7.2.6) that moves an
 * IPv6 service address to this node's MAC: to all nodes (ff02::1), hop limit 255,
 * Override set, with the target link-layer address option.
 */
final class UnsolicitedNeighbourAdvert {

    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private UnsolicitedNeighbourAdvert() {
    }

    static byte[] frame(byte[] mac, Inet6Address target) {
        byte[] icmp = icmp(mac, target);
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + icmp.length);
        b.put(new byte[] {0x33, 0x33, 0, 0, 0, 1}).put(mac).putShort((short) 0x86dd);
        b.putInt(0x60000000);                 // version 6, no traffic class or flow label
        b.putShort((short) icmp.length);
        b.put((byte) 58).put((byte) 255);     // ICMPv6, hop limit 255 (receivers check it)
        b.put(target.getAddress()).put(ALL_NODES);
        b.put(icmp);
        return b.array();
    }

    private static byte[] icmp(byte[] mac, Inet6Address target) {
        ByteBuffer m = ByteBuffer.allocate(32);
        m.put((byte) 136).put((byte) 0).putShort((short) 0);
        m.putInt(0x20000000);                 // Override
        m.put(target.getAddress());
        m.put((byte) 2).put((byte) 1).put(mac); // target link-layer address
        byte[] bytes = m.array();
        int sum = checksum(target.getAddress(), ALL_NODES, bytes);
        bytes[2] = (byte) (sum >> 8);
        bytes[3] = (byte) sum;
        return bytes;
    }

    /** ICMPv6 checksum over the IPv6 pseudo-header and the message. */
    static int checksum(byte[] src, byte[] dst, byte[] message) {
        long sum = 0;
        sum += words(src) + words(dst);
        sum += message.length;
        sum += 58;
        sum += words(message);
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static long words(byte[] b) {
        long s = 0;
        for (int i = 0; i < b.length; i += 2) {
            s += ((b[i] & 0xff) << 8) | (i + 1 < b.length ? b[i + 1] & 0xff : 0);
        }
        return s;
    }
}
