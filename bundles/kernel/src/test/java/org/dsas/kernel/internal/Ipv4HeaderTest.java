package org.dsas.kernel.internal;

import static org.dsas.kernel.internal.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {

    /** A VRRPv2 advertisement as a raw IPv4 socket returns it: 20-byte header, then the 20-byte VRRP packet. */
    private static final byte[] VRRP = hex(
            "45 c0 0028 0000 0000 ff 70 0000 c0000201 e0000012"
            + "21 33 64 01 00 01 0000 c0000264 0000000000000000");

    @Test
    void headerFieldsOfAVrrpAdvertisement() throws Exception {
        Ipv4Header header = Ipv4Header.parse(ByteBuffer.wrap(VRRP), VRRP.length);

        assertEquals(new Ipv4Header(20, 40, 255, 112, InetAddress.getByName("192.0.2.1"),
                InetAddress.getByName("224.0.0.18")), header);
        assertEquals(20, header.payloadLength(VRRP.length));
    }

    @Test
    void optionsMoveThePayload() {
        byte[] withOptions = hex("46 c0 002c 0000 0000 01 70 0000 c0000201 e0000012 94040000 21336401");

        Ipv4Header header = Ipv4Header.parse(ByteBuffer.wrap(withOptions), withOptions.length);

        assertEquals(24, header.headerLength());
        assertEquals(1, header.ttl());
        assertEquals(4, header.payloadLength(withOptions.length));
    }

    @Test
    void payloadIsCutToWhatWasReceived() {
        assertEquals(10, Ipv4Header.parse(ByteBuffer.wrap(VRRP), 30).payloadLength(30));
    }

    @Test
    void notAnIpv4Header() {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Header.parse(ByteBuffer.wrap(VRRP), 19));
        byte[] v6 = VRRP.clone();
        v6[0] = 0x65;
        assertThrows(IllegalArgumentException.class, () -> Ipv4Header.parse(ByteBuffer.wrap(v6), v6.length));
        byte[] longHeader = VRRP.clone();
        longHeader[0] = 0x4f; // 60-byte header in a 40-byte datagram
        assertThrows(IllegalArgumentException.class,
                () -> Ipv4Header.parse(ByteBuffer.wrap(longHeader), longHeader.length));
    }
}
