package org.dsas.vrrp.codec;

import static org.dsas.vrrp.codec.TestAddresses.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Every reason the codec drops a packet for, each from a captured packet changed in one place. */
class VrrpCodecDropTest {

    private static final InetAddress SRC = ip("192.0.2.1");
    private static final InetAddress GROUP = VrrpCodec.IPV4_GROUP;
    /** Node a's adverts, byte for byte from the captures. */
    private static final String V2 = "21339601" + "00018665" + "c0000264" + "0000000000000000";
    private static final String V3 = "31339601" + "000ad3cb" + "c0000264";

    @Test
    void theCapturedPacketsAreAccepted() throws Exception {
        assertEquals(150, VrrpCodec.decode(bytes(V2), SRC, GROUP, false).priority());
        assertEquals(150, VrrpCodec.decode(bytes(V3), SRC, GROUP, false).priority());
    }

    @Test
    void tooShortForTheHeader() {
        assertDrop(DropReason.TOO_SHORT, null, false);
        assertDrop(DropReason.TOO_SHORT, new byte[0], false);
        assertDrop(DropReason.TOO_SHORT, Arrays.copyOf(bytes(V2), 7), false);
    }

    @Test
    void truncatedAfterTheHeader() {
        assertDrop(DropReason.BAD_LENGTH, Arrays.copyOf(bytes(V2), 12), false); // auth data missing
        assertDrop(DropReason.BAD_LENGTH, Arrays.copyOf(bytes(V3), 11), false);
    }

    @Test
    void version4() {
        byte[] p = bytes(V3);
        p[0] = 0x41;
        assertDrop(DropReason.BAD_VERSION, fix(p), false);
    }

    @Test
    void version2OverIpv6() {
        assertDrop(DropReason.BAD_VERSION, bytes(V2), true);
    }

    @Test
    void type2() {
        byte[] p = bytes(V2);
        p[0] = 0x22;
        assertDrop(DropReason.BAD_TYPE, fix(p), false);
    }

    @Test
    void addressCountDoesNotMatchTheLength() {
        byte[] two = bytes(V2);
        two[3] = 2;
        assertDrop(DropReason.BAD_LENGTH, fix(two), false);
        // one byte too many is refused as well, as keepalived does
        assertDrop(DropReason.BAD_LENGTH, Arrays.copyOf(bytes(V3), 13), false);
        // 12 bytes are one IPv4 address but not one IPv6 address
        assertDrop(DropReason.BAD_LENGTH, bytes(V3), true);
    }

    @Test
    void flippedChecksumBit() {
        byte[] p = bytes(V2);
        p[7] ^= 0x01;
        VrrpDecodeException e = assertDrop(DropReason.BAD_CHECKSUM, p, false);
        assertTrue(e.getMessage().contains("0x8664, expected 0x8665"), e.getMessage());
    }

    @Test
    void flippedAddressBit() {
        byte[] p = bytes(V3);
        p[11] ^= 0x10;
        assertDrop(DropReason.BAD_CHECKSUM, p, false);
    }

    @Test
    void v3ChecksumFromAnotherDestination() {
        // what keepalived before its unicast fix sent to unicast peers: the group in the pseudo-header
        byte[] p = TestChecksums.fix(bytes(V3), SRC, GROUP);
        InetAddress peer = ip("192.0.2.2");

        assertThrows(VrrpDecodeException.class, () -> VrrpCodec.decode(p, SRC, peer, false));
        assertFalse(VrrpCodec.checksumValid(p, SRC, peer, false));
        assertTrue(VrrpCodec.checksumValid(p, SRC, VrrpCodec.IPV4_GROUP, false), "the receiver may retry");
    }

    @Test
    void v3WithoutAddressesForThePseudoHeader() {
        byte[] p = bytes(V3);
        assertEquals(DropReason.BAD_CHECKSUM,
                assertThrows(VrrpDecodeException.class, () -> VrrpCodec.decode(p, null, GROUP, false)).reason());
        assertEquals(DropReason.BAD_CHECKSUM, assertThrows(VrrpDecodeException.class,
                () -> VrrpCodec.decode(p, ip("fe80::1"), GROUP, false)).reason());
    }

    @Test
    void vrid0WithAValidChecksum() {
        byte[] p = bytes(V2);
        p[1] = 0;
        assertDrop(DropReason.BAD_VRID, fix(p), false);
    }

    @Test
    void v3ReservedBitsAreIgnored() throws Exception {
        byte[] p = bytes(V3);
        p[4] |= (byte) 0xF0;
        assertEquals(10, VrrpCodec.decode(fix(p), SRC, GROUP, false).advertInterval());
    }

    @Test
    void v2ChecksumDoesNotDependOnTheIpAddresses() throws Exception {
        assertEquals(51, VrrpCodec.decode(bytes(V2), null, null, false).vrid());
    }

    private static VrrpDecodeException assertDrop(DropReason expected, byte[] payload, boolean ipv6) {
        VrrpDecodeException e = assertThrows(VrrpDecodeException.class,
                () -> VrrpCodec.decode(payload, SRC, ipv6 ? ip("fe80::1") : GROUP, ipv6));
        assertEquals(expected, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(expected.description()), e.getMessage());
        return e;
    }

    private static byte[] fix(byte[] p) {
        return TestChecksums.fix(p, SRC, GROUP);
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
