package org.dsas.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class AnnouncementTest {

    private static final byte[] MAC = {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};

    @Test
    void gratuitousArpIsABroadcastRequestForTheAddressAsKeepalivedSendsIt() throws Exception {
        byte[] f = GratuitousArp.frame(MAC, (Inet4Address) InetAddress.getByName("192.0.2.100"));
        assertEquals(42, f.length);
        assertArrayEquals(new byte[] {-1, -1, -1, -1, -1, -1}, Arrays.copyOfRange(f, 0, 6));
        assertArrayEquals(MAC, Arrays.copyOfRange(f, 6, 12));
        assertEquals(0x0806, ((f[12] & 0xff) << 8) | (f[13] & 0xff));
        assertEquals(1, f[21], "ARP request");
        assertArrayEquals(MAC, Arrays.copyOfRange(f, 22, 28), "sender MAC");
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 100}, Arrays.copyOfRange(f, 28, 32), "sender IP");
        assertArrayEquals(new byte[] {-1, -1, -1, -1, -1, -1}, Arrays.copyOfRange(f, 32, 38), "target MAC broadcast");
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 100}, Arrays.copyOfRange(f, 38, 42), "target IP");
    }

    @Test
    void unsolicitedNeighbourAdvertHasHopLimit255OverrideAndAValidChecksum() throws Exception {
        Inet6Address vip = (Inet6Address) InetAddress.getByName("fd00:db8:1::100");
        byte[] f = UnsolicitedNeighbourAdvert.frame(MAC, vip);
        assertEquals(14 + 40 + 32, f.length);
        assertArrayEquals(new byte[] {0x33, 0x33, 0, 0, 0, 1}, Arrays.copyOfRange(f, 0, 6));
        assertEquals(58, f[14 + 6], "next header ICMPv6");
        assertEquals(255, f[14 + 7] & 0xff, "hop limit");
        byte[] icmp = Arrays.copyOfRange(f, 54, f.length);
        assertEquals(136, icmp[0] & 0xff, "neighbour advertisement");
        assertEquals(0x20, icmp[4] & 0xff, "Override only");
        assertArrayEquals(vip.getAddress(), Arrays.copyOfRange(icmp, 8, 24));
        assertArrayEquals(MAC, Arrays.copyOfRange(icmp, 26, 32));
        // A checksum computed over the message including its checksum field verifies to zero.
        byte[] src = Arrays.copyOfRange(f, 22, 38);
        byte[] dst = Arrays.copyOfRange(f, 38, 54);
        byte[] withChecksum = icmp.clone();
        assertEquals(0, UnsolicitedNeighbourAdvert.checksum(src, dst, withChecksum));
    }
}
