package org.dsas.vrrp.codec;

import static org.dsas.vrrp.codec.TestAddresses.ip;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The codec against what keepalived 2.2.7 really sent (see src/test/resources/captures/README.md). */
class VrrpCodecCaptureTest {

    private static final InetAddress NODE_A = ip("192.0.2.1");
    private static final InetAddress NODE_B = ip("192.0.2.2");
    private static final InetAddress VIP = ip("192.0.2.100");
    private static final Map<InetAddress, Integer> PRIORITY = Map.of(NODE_A, 150, NODE_B, 100);

    @Test
    void everyVrrp2AdvertDecodesAndReencodesToTheSameBytes() throws Exception {
        List<PcapReader.Ipv4Packet> adverts = Captures.vrrp(Captures.VRRP2);

        // 35 adverts from a and 12 from b while it held the address during a's 3 stops
        assertEquals(Map.of(NODE_A, 35L, NODE_B, 12L), countBySource(adverts));
        for (PcapReader.Ipv4Packet ip : adverts) {
            VrrpPacket p = VrrpCodec.decode(ip.payload(), ip.source(), ip.destination(), false);
            String where = "advert at " + ip.timestampMicros() + " from " + ip.source().getHostAddress();
            assertAll(where,
                    () -> assertEquals(255, ip.ttl(), "IP TTL"),
                    () -> assertEquals(VrrpCodec.IPV4_GROUP, ip.destination()),
                    () -> assertEquals(2, p.version()),
                    () -> assertEquals(51, p.vrid()),
                    () -> assertEquals(PRIORITY.get(ip.source()), p.priority()),
                    () -> assertEquals(1, p.advertInterval(), "seconds"),
                    () -> assertEquals(List.of(VIP), p.addresses()),
                    () -> assertEquals(VrrpCodec.AUTH_NONE, p.authType()),
                    () -> assertArrayEquals(new byte[8], p.authData(), "auth data without auth is zero"),
                    () -> assertArrayEquals(ip.payload(), VrrpCodec.encode(p, ip.source(), ip.destination()),
                            "re-encoded bytes"),
                    () -> assertEquals("v2 vrid 51 prio " + p.priority() + " int 1s addrs [192.0.2.100]",
                            VrrpCodec.describe(p)));
        }
    }

    @Test
    void everyVrrp3AdvertDecodesWithThePseudoHeaderChecksumAndReencodesToTheSameBytes() throws Exception {
        List<PcapReader.Ipv4Packet> adverts = Captures.vrrp(Captures.VRRP3);

        assertEquals(Map.of(NODE_A, 215L, NODE_B, 87L), countBySource(adverts));
        for (PcapReader.Ipv4Packet ip : adverts) {
            VrrpPacket p = VrrpCodec.decode(ip.payload(), ip.source(), ip.destination(), false);
            String where = "advert at " + ip.timestampMicros() + " from " + ip.source().getHostAddress();
            assertAll(where,
                    () -> assertEquals(255, ip.ttl(), "IP TTL"),
                    () -> assertEquals(3, p.version()),
                    () -> assertEquals(51, p.vrid()),
                    () -> assertEquals(PRIORITY.get(ip.source()), p.priority()),
                    () -> assertEquals(10, p.advertInterval(), "centiseconds"),
                    () -> assertEquals(0, ip.payload()[4] & 0xF0, "reserved bits"),
                    () -> assertEquals(List.of(VIP), p.addresses()),
                    () -> assertEquals(0, p.authData().length),
                    () -> assertArrayEquals(ip.payload(), VrrpCodec.encode(p, ip.source(), ip.destination()),
                            "re-encoded bytes"));
        }
    }

    @Test
    void vrrp3ChecksumCoversTheIpAddresses() {
        PcapReader.Ipv4Packet ip = Captures.vrrp(Captures.VRRP3).get(0);
        byte[] payload = ip.payload();

        assertTrue(VrrpCodec.checksumValid(payload, ip.source(), ip.destination(), false));
        InetAddress otherSource = ip.source().equals(NODE_A) ? NODE_B : NODE_A;
        VrrpDecodeException e = assertThrows(VrrpDecodeException.class,
                () -> VrrpCodec.decode(payload, otherSource, ip.destination(), false));
        assertEquals(DropReason.BAD_CHECKSUM, e.reason());
        // the same bytes read as v2 (no pseudo-header) must not pass either
        byte[] asV2 = payload.clone();
        asV2[0] = 0x21;
        assertFalse(VrrpCodec.checksumValid(asV2, ip.source(), ip.destination(), false));
    }

    /** keepalived's sending habits, which our sender should match so captures compare cleanly. */
    @Test
    void keepalivedSendsWithPrecedenceInternetControl() {
        for (String capture : List.of(Captures.VRRP2, Captures.VRRP3)) {
            for (PcapReader.Ipv4Packet ip : Captures.vrrp(capture)) {
                assertEquals(0xC0, ip.tos(), capture + ": IP TOS");
            }
        }
    }

    /** Each takeover announces the address from the node's own MAC (no use_vmac in the rig). */
    @Test
    void gratuitousArpsAnnounceTheVirtualAddress() {
        for (String capture : List.of(Captures.VRRP2, Captures.VRRP3)) {
            List<PcapReader.Frame> arps = PcapReader.readResource(capture).stream()
                    .filter(f -> f.etherType() == PcapReader.ETHERTYPE_ARP)
                    .toList();
            assertFalse(arps.isEmpty(), capture + " has gratuitous ARPs");
            for (PcapReader.Frame frame : arps) {
                byte[] d = frame.data();
                byte[] arp = frame.l3();
                String hex = HexFormat.of().formatHex(d);
                assertAll(capture + " frame " + hex,
                        () -> assertEquals("ffffffffffff", hex.substring(0, 12), "Ethernet broadcast"),
                        () -> assertEquals(1, arp[7], "ARP request"),
                        () -> assertArrayEquals(slice(d, 6, 6), slice(arp, 8, 6), "sender MAC = frame source"),
                        () -> assertEquals(VIP, InetAddress.getByAddress(slice(arp, 14, 4)), "sender IP"),
                        () -> assertEquals(VIP, InetAddress.getByAddress(slice(arp, 24, 4)), "target IP"),
                        // keepalived puts the broadcast MAC, not zeros, in the target hardware address
                        () -> assertEquals("ffffffffffff", HexFormat.of().formatHex(slice(arp, 18, 6))));
            }
        }
    }

    private static Map<InetAddress, Long> countBySource(List<PcapReader.Ipv4Packet> packets) {
        return packets.stream().collect(Collectors.groupingBy(PcapReader.Ipv4Packet::source, Collectors.counting()));
    }

    private static byte[] slice(byte[] b, int offset, int length) {
        return Arrays.copyOfRange(b, offset, offset + length);
    }
}
