package org.dsas.vrrp.codec;

import java.net.InetAddress;

/**
 * An RFC 1071 checksum written apart from the codec's, so tests can craft packets that are
 * wrong in one field only, and so the codec is not checked against itself.
 */
final class TestChecksums {

    private TestChecksums() {
    }

    /** Rewrites bytes 6-7 of a VRRP payload: v2 rule for version 2, pseudo-header rule otherwise. */
    static byte[] fix(byte[] payload, InetAddress source, InetAddress destination) {
        payload[6] = 0;
        payload[7] = 0;
        long sum = words(payload);
        if ((payload[0] & 0xF0) != 0x20) {
            byte[] src = source.getAddress();
            sum += words(src) + words(destination.getAddress()) + VrrpPacket.PROTOCOL;
            // IPv4 has a 16-bit length, IPv6 a 32-bit one: either way its words add up the same
            sum += (payload.length >>> 16) + (payload.length & 0xFFFF);
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        int checksum = (int) (~sum & 0xFFFF);
        payload[6] = (byte) (checksum >> 8);
        payload[7] = (byte) checksum;
        return payload;
    }

    private static long words(byte[] b) {
        long sum = 0;
        for (int i = 0; i < b.length; i++) {
            sum += (b[i] & 0xFF) << (i % 2 == 0 ? 8 : 0);
        }
        return sum;
    }
}
