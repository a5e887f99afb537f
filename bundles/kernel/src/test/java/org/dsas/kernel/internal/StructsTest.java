package org.dsas.kernel.internal;

import static org.dsas.kernel.internal.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** Socket structs against bytes computed by hand from linux/in.h, in6.h, if_packet.h, netlink.h. */
class StructsTest {

    private final Structs structs = new Structs(ByteOrder.LITTLE_ENDIAN);

    @Test
    void sockaddrIn() throws Exception {
        assertEquals("0200 0000 e0000012 0000000000000000",
                spaced(structs.sockaddr(InetAddress.getByName("224.0.0.18"), 0), 2, 2, 4, 8));
    }

    @Test
    void sockaddrIn6WithScope() throws Exception {
        assertEquals("0a00 0000 00000000 ff020000000000000000000000000012 05000000",
                spaced(structs.sockaddr(InetAddress.getByName("ff02::12"), 5), 2, 2, 4, 16, 4));
    }

    @Test
    void sockaddrLlForBroadcastArp() {
        // family AF_PACKET host order, ETH_P_ARP network order, ifindex 3, hatype 0, pkttype 0, halen 6, addr[8]
        assertEquals("1100 0806 03000000 0000 00 06 ffffffffffff0000",
                spaced(structs.sockaddrLl(0x0806, 3, hex("ffffffffffff")), 2, 2, 4, 2, 1, 1, 8));
    }

    @Test
    void sockaddrNlAddressesTheKernel() {
        assertEquals("1000 0000 00000000 00000000", spaced(structs.sockaddrNl(), 2, 2, 4, 4));
    }

    @Test
    void multicastRequests() throws Exception {
        assertEquals("e0000012 00000000 03000000",
                spaced(structs.ipMreqn((Inet4Address) InetAddress.getByName("224.0.0.18"), 3), 4, 4, 4));
        assertEquals("00000000 00000000 07000000", spaced(structs.ipMreqn(null, 7), 4, 4, 4));
        assertEquals("ff020000000000000000000000000012 03000000",
                spaced(structs.ipv6Mreq((Inet6Address) InetAddress.getByName("ff02::12"), 3), 16, 4));
    }

    @Test
    void linkLocalSourceKeepsTheReceivingInterfaceAsScope() throws Exception {
        Inet6Address source = (Inet6Address) structs.inet6Source(
                hex("0a00 0000 00000000 fe80000000000000000000000000000a 05000000"));

        assertEquals(InetAddress.getByName("fe80::a"), source);
        assertEquals(5, source.getScopeId());
    }

    @Test
    void globalSourceHasNoScope() throws Exception {
        Inet6Address source = (Inet6Address) structs.inet6Source(
                hex("0a00 0000 00000000 ff020000000000000000000000000012 05000000"));

        assertEquals(0, source.getScopeId());
    }

    private static String spaced(byte[] bytes, int... widths) {
        StringBuilder out = new StringBuilder();
        int offset = 0;
        for (int width : widths) {
            if (out.length() > 0) {
                out.append(' ');
            }
            for (int i = 0; i < width; i++) {
                out.append(String.format("%02x", bytes[offset++]));
            }
        }
        assertEquals(bytes.length, offset, "struct size");
        return out.toString();
    }
}
