package org.dsas.vrrp.internal;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/** Builds the gratuitous ARP frame that moves a service address to this node's MAC on the LAN. */
final class GratuitousArp {

    private GratuitousArp() {
    }

    /**
     * Broadcast ARP request with sender = target = the address (RFC 5227 announcement); the target
     * hardware address is the broadcast address, as keepalived sends it.
     */
    static byte[] frame(byte[] mac, Inet4Address address) {
        ByteBuffer b = ByteBuffer.allocate(42);
        for (int i = 0; i < 6; i++) {
            b.put((byte) 0xff);
        }
        b.put(mac);
        b.putShort((short) 0x0806);   // ARP
        b.putShort((short) 1);        // Ethernet
        b.putShort((short) 0x0800);   // IPv4
        b.put((byte) 6).put((byte) 4);
        b.putShort((short) 1);        // request
        b.put(mac).put(address.getAddress());
        for (int i = 0; i < 6; i++) {
            b.put((byte) 0xff);
        }
        b.put(address.getAddress());
        return b.array();
    }
}
