package org.dsas.vrrp.codec;

import java.net.InetAddress;
import java.util.List;

/**
 * One VRRP advertisement (RFC 3768 v2, RFC 9568 v3), as on the wire after the IP header.
 *
 * @param version        2 or 3
 * @param vrid           virtual router id, 1-255
 * @param priority       0-255 (0: the master is leaving; 255: address owner)
 * @param advertInterval v2: seconds (8 bits); v3: centiseconds (12 bits)
 * @param authType       v2 only: 0 none, 1 simple text password (v3: always 0)
 * @param authData       v2 only: the 8 authentication bytes (v3: empty)
 * @param addresses      the virtual addresses (IPv4, or IPv6 for v3 over IPv6)
 * @param checksum       the checksum as read or as written
 */
public record VrrpPacket(int version, int vrid, int priority, int advertInterval, int authType, byte[] authData,
                         List<InetAddress> addresses, int checksum) {

    /** VRRP's IP protocol number. */
    public static final int PROTOCOL = 112;
    /** The only packet type: ADVERTISEMENT. */
    public static final int TYPE_ADVERTISEMENT = 1;
}
