package org.dsas.vrrp.codec;

import static org.dsas.vrrp.codec.TestAddresses.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Encoding from known values, checked against bytes worked out by hand, and input validation. */
class VrrpCodecTest {

    private static final InetAddress SRC4 = ip("10.0.0.11");
    private static final InetAddress SRC6 = ip("fe80::1");
    private static final List<InetAddress> VIPS4 = List.of(ip("10.0.0.1"), ip("10.0.0.2"));
    private static final List<InetAddress> VIPS6 = List.of(ip("fe80::100"), ip("2001:db8::100"));

    @Test
    void encodesV2WithPasswordAsComputedByHand() {
        VrrpPacket p = new VrrpPacket(2, 7, 200, 3, VrrpCodec.AUTH_PASSWORD, VrrpCodec.authData("secret"), VIPS4, 0);

        // words 2107 c802 0103 0000 0a00 0001 0a00 0002 7365 6372 6574 0000
        // sum 0x23a5a, folded 0x3a5c, complement 0xc5a3
        assertEquals("2107c802" + "0103" + "c5a3" + "0a000001" + "0a000002" + "7365637265740000",
                hex(VrrpCodec.encode(p, SRC4, VrrpCodec.IPV4_GROUP)));
    }

    @Test
    void encodesV3OverIpv4AsComputedByHand() {
        VrrpPacket p = new VrrpPacket(3, 7, 100, 100, 0, null, List.of(ip("10.0.0.1")), 0);

        // pseudo-header 0a00 000b e000 0012 0070 000c sums to 0xea99,
        // message 3107 6401 0064 0000 0a00 0001 to 0x9f6d; total 0x18a06, folded 0x8a07, complement 0x75f8
        assertEquals("31076401" + "0064" + "75f8" + "0a000001",
                hex(VrrpCodec.encode(p, SRC4, VrrpCodec.IPV4_GROUP)));
    }

    @Test
    void encodesV3OverIpv6AsComputedByHandAndRoundTrips() throws Exception {
        VrrpPacket p = new VrrpPacket(3, 7, 100, 100, 0, new byte[0], VIPS6, 0);

        byte[] wire = VrrpCodec.encode(p, SRC6, VrrpCodec.IPV6_GROUP);

        // pseudo-header fe80 0001 ff02 0012 0000 0028 0000 0070 sums to 0x1fe2d, message
        // 3107 6402 0064 fe80 0100 2001 0db8 0100 to 0x1c3a6; total 0x3c1d3, folded 0xc1d6, complement 0x3e29
        assertEquals("31076402" + "0064" + "3e29" + "fe800000000000000000000000000100"
                + "20010db8000000000000000000000100", hex(wire));
        VrrpPacket back = VrrpCodec.decode(wire, SRC6, VrrpCodec.IPV6_GROUP, true);
        assertEquals(List.of(3, 7, 100, 100, 0, 0x3e29), List.of(back.version(), back.vrid(), back.priority(),
                back.advertInterval(), back.authType(), back.checksum()));
        assertEquals(VIPS6, back.addresses());
        assertArrayEquals(wire, VrrpCodec.encode(back, SRC6, VrrpCodec.IPV6_GROUP));
    }

    @Test
    void ipv4MappedVirtualAddressStaysIpv6() throws Exception {
        // InetAddress.getByAddress would hand back 192.0.2.1 as an Inet4Address and break re-encoding
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1};
        VrrpPacket p = new VrrpPacket(3, 9, 100, 100, 0, null, List.of(Inet6Address.getByAddress(null, mapped, -1)),
                0);
        byte[] wire = VrrpCodec.encode(p, SRC6, VrrpCodec.IPV6_GROUP);

        VrrpPacket back = VrrpCodec.decode(wire, SRC6, VrrpCodec.IPV6_GROUP, true);

        assertInstanceOf(Inet6Address.class, back.addresses().get(0));
        assertArrayEquals(wire, VrrpCodec.encode(back, SRC6, VrrpCodec.IPV6_GROUP));
    }

    @Test
    void v2DecodeKeepsTheAuthenticationForTheInstanceToCheck() throws Exception {
        VrrpPacket p = new VrrpPacket(2, 7, 200, 3, VrrpCodec.AUTH_PASSWORD, VrrpCodec.authData("secret"), VIPS4, 0);

        VrrpPacket back = VrrpCodec.decode(VrrpCodec.encode(p, SRC4, VrrpCodec.IPV4_GROUP), SRC4,
                VrrpCodec.IPV4_GROUP, false);

        assertEquals(VrrpCodec.AUTH_PASSWORD, back.authType());
        assertArrayEquals(VrrpCodec.authData("secret"), back.authData());
        assertEquals(0xc5a3, back.checksum());
    }

    @Test
    void encodesTheLargestAddressListTheCountFieldAllows() throws Exception {
        List<InetAddress> many = new ArrayList<>();
        for (int i = 0; i < VrrpCodec.MAX_ADDRESSES; i++) {
            many.add(ip("2001:db8::" + Integer.toHexString(i + 1)));
        }
        byte[] wire = VrrpCodec.encode(new VrrpPacket(3, 1, 100, 100, 0, null, many, 0), SRC6, VrrpCodec.IPV6_GROUP);

        assertEquals(8 + 255 * 16, wire.length);
        assertEquals(many, VrrpCodec.decode(wire, SRC6, VrrpCodec.IPV6_GROUP, true).addresses());
    }

    @Test
    void passwordIsZeroPaddedAndCutAtEightBytes() {
        assertEquals("7365637265740000", hex(VrrpCodec.authData("secret")));
        assertEquals("6c6f6e6770617373", hex(VrrpCodec.authData("longpassword")));
        assertEquals("0000000000000000", hex(VrrpCodec.authData("")));
        assertThrows(IllegalArgumentException.class, () -> VrrpCodec.authData(null));
    }

    @Test
    void describesOnOneLineWithoutThePassword() {
        assertEquals("v2 vrid 51 prio 150 int 1s addrs [192.0.2.100]", VrrpCodec.describe(
                new VrrpPacket(2, 51, 150, 1, 0, new byte[8], List.of(ip("192.0.2.100")), 0x8665)));
        assertEquals("v3 vrid 51 prio 100 int 0.1s addrs [192.0.2.100, 192.0.2.101]", VrrpCodec.describe(
                new VrrpPacket(3, 51, 100, 10, 0, new byte[0], List.of(ip("192.0.2.100"), ip("192.0.2.101")), 0)));
        assertEquals("v3 vrid 1 prio 255 int 40.95s addrs [fe80:0:0:0:0:0:0:100]", VrrpCodec.describe(
                new VrrpPacket(3, 1, 255, 4095, 0, new byte[0], List.of(ip("fe80::100")), 0)));
        String withPassword = VrrpCodec.describe(
                new VrrpPacket(2, 7, 200, 3, 1, VrrpCodec.authData("secret"), VIPS4, 0));
        assertEquals("v2 vrid 7 prio 200 int 3s addrs [10.0.0.1, 10.0.0.2] auth pass", withPassword);
        assertFalse(withPassword.contains("secret"));
    }

    static Stream<Arguments> invalidPackets() {
        List<InetAddress> one4 = List.of(ip("10.0.0.1"));
        List<InetAddress> one6 = List.of(ip("fe80::100"));
        InetAddress g4 = VrrpCodec.IPV4_GROUP;
        InetAddress g6 = VrrpCodec.IPV6_GROUP;
        List<InetAddress> tooMany = IntStream.range(0, 256).mapToObj(i -> ip("10.0.1." + (i % 250))).toList();
        return Stream.of(
                Arguments.of("vrid", new VrrpPacket(3, 0, 100, 100, 0, null, one4, 0), SRC4, g4),
                Arguments.of("vrid", new VrrpPacket(3, 256, 100, 100, 0, null, one4, 0), SRC4, g4),
                Arguments.of("priority", new VrrpPacket(3, 1, -1, 100, 0, null, one4, 0), SRC4, g4),
                Arguments.of("priority", new VrrpPacket(3, 1, 256, 100, 0, null, one4, 0), SRC4, g4),
                Arguments.of("v2 advert interval", new VrrpPacket(2, 1, 100, 0, 0, null, one4, 0), SRC4, g4),
                Arguments.of("v2 advert interval", new VrrpPacket(2, 1, 100, 256, 0, null, one4, 0), SRC4, g4),
                Arguments.of("v3 advert interval", new VrrpPacket(3, 1, 100, 0, 0, null, one4, 0), SRC4, g4),
                Arguments.of("v3 advert interval", new VrrpPacket(3, 1, 100, 4096, 0, null, one4, 0), SRC4, g4),
                Arguments.of("version", new VrrpPacket(4, 1, 100, 100, 0, null, one4, 0), SRC4, g4),
                Arguments.of("IPv4 only", new VrrpPacket(2, 1, 100, 1, 0, null, one6, 0), SRC6, g6),
                Arguments.of("different families", new VrrpPacket(3, 1, 100, 100, 0, null, one6, 0), SRC6, g4),
                Arguments.of("is not IPv4", new VrrpPacket(3, 1, 100, 100, 0, null, one6, 0), SRC4, g4),
                Arguments.of("is not IPv6", new VrrpPacket(3, 1, 100, 100, 0, null, one4, 0), SRC6, g6),
                Arguments.of("address count", new VrrpPacket(3, 1, 100, 100, 0, null, tooMany, 0), SRC4, g4),
                Arguments.of("at least one", new VrrpPacket(3, 1, 100, 100, 0, null, List.of(), 0), SRC4, g4),
                Arguments.of("at least one", new VrrpPacket(2, 1, 100, 1, 0, null, null, 0), SRC4, g4),
                Arguments.of("null", new VrrpPacket(3, 1, 100, 100, 0, null, Collections.singletonList(null), 0),
                        SRC4, g4),
                Arguments.of("auth type", new VrrpPacket(2, 1, 100, 1, 2, null, one4, 0), SRC4, g4),
                Arguments.of("must be 8", new VrrpPacket(2, 1, 100, 1, 1, new byte[7], one4, 0), SRC4, g4),
                Arguments.of("no authentication", new VrrpPacket(3, 1, 100, 100, 1, null, one4, 0), SRC4, g4),
                Arguments.of("no authentication", new VrrpPacket(3, 1, 100, 100, 0, new byte[8], one4, 0), SRC4, g4),
                Arguments.of("required", new VrrpPacket(3, 1, 100, 100, 0, null, one4, 0), null, g4),
                Arguments.of("required", null, SRC4, g4));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidPackets")
    void refusesToEncodeInvalidInput(String mentions, VrrpPacket p, InetAddress source, InetAddress destination) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VrrpCodec.encode(p, source, destination));

        assertTrue(e.getMessage().contains(mentions), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
