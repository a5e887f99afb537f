package org.dsas.kernel.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The IPv4 header a raw IPv4 socket delivers in front of each payload (Linux
 * keeps every field in network order). Pure: parses bytes, no I/O.
 *
 * @param headerLength  IHL in bytes (20 without options)
 * @param totalLength   datagram length from the header
 * @param ttl           time to live as received
 * @param protocol      IP protocol number
 * @param source        source address
 * @param destination   destination address
 */
record Ipv4Header(int headerLength, int totalLength, int ttl, int protocol, InetAddress source,
                  InetAddress destination) {

    static final int MIN_LENGTH = 20;

    /**
     * Parses the header at the start of {@code datagram}, which holds {@code length} received bytes.
     *
     * @throws IllegalArgumentException when the bytes are not a plausible IPv4 header
     */
    static Ipv4Header parse(ByteBuffer datagram, int length) {
        if (length < MIN_LENGTH) {
            throw new IllegalArgumentException("IPv4 datagram of " + length + " bytes is shorter than a header");
        }
        int first = datagram.get(0) & 0xff;
        if (first >> 4 != 4) {
            throw new IllegalArgumentException("IP version " + (first >> 4) + " in a raw IPv4 datagram");
        }
        int headerLength = (first & 0x0f) * 4;
        int totalLength = datagram.getShort(2) & 0xffff;
        if (headerLength < MIN_LENGTH || headerLength > length || totalLength < headerLength) {
            throw new IllegalArgumentException("IPv4 header length " + headerLength + ", total length "
                    + totalLength + " in " + length + " received bytes");
        }
        return new Ipv4Header(headerLength, totalLength, datagram.get(8) & 0xff, datagram.get(9) & 0xff,
                address(datagram, 12), address(datagram, 16));
    }

    /** The payload length: the header's total length, cut to what was received. */
    int payloadLength(int received) {
        return Math.min(totalLength, received) - headerLength;
    }

    private static InetAddress address(ByteBuffer datagram, int offset) {
        byte[] bytes = new byte[4];
        datagram.get(offset, bytes);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
