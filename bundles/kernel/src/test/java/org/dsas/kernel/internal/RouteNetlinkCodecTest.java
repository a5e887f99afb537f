package org.dsas.kernel.internal;

import static org.dsas.kernel.internal.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.dsas.kernel.internal.RouteNetlinkCodec.AddressEntry;
import org.dsas.kernel.internal.RouteNetlinkCodec.Message;
import org.junit.jupiter.api.Test;

/** rtnetlink requests and replies against bytes computed by hand from linux/netlink.h, if_addr.h, rtnetlink.h. */
class RouteNetlinkCodecTest {

    private final RouteNetlinkCodec codec = new RouteNetlinkCodec(ByteOrder.LITTLE_ENDIAN);

    @Test
    void newIpv4AddressIsExclusiveCreateWithLocalAndAddress() throws Exception {
        byte[] request = codec.newAddress(1, 7, InetAddress.getByName("192.0.2.100"), 24);

        assertEquals(Bytes.hex(hex(
                // nlmsghdr: len 40, RTM_NEWADDR(20), REQUEST|ACK|EXCL|CREATE = 0x0605, seq 1, pid 0
                "28000000 1400 0506 01000000 00000000"
                // ifaddrmsg: AF_INET, /24, flags 0, scope universe, index 7
                + "02 18 00 00 07000000"
                // IFA_LOCAL (2) and IFA_ADDRESS (1): 192.0.2.100
                + "0800 0200 c0000264"
                + "0800 0100 c0000264")), Bytes.hex(request));
    }

    @Test
    void newLinkLocalIpv6Address() throws Exception {
        byte[] request = codec.newAddress(0x01020304, 3, InetAddress.getByName("fe80::100"), 64);

        assertEquals(Bytes.hex(hex(
                "40000000 1400 0506 04030201 00000000"
                + "0a 40 02 00 03000000"   // IFA_F_NODAD
                + "1400 0200 fe800000000000000000000000000100"
                + "1400 0100 fe800000000000000000000000000100")), Bytes.hex(request));
    }

    @Test
    void deleteAddressAsksForAnAckOnly() throws Exception {
        byte[] request = codec.deleteAddress(2, 7, InetAddress.getByName("192.0.2.100"), 24);

        assertEquals(Bytes.hex(hex(
                "28000000 1500 0500 02000000 00000000"
                + "02 18 00 00 07000000"
                + "0800 0200 c0000264"
                + "0800 0100 c0000264")), Bytes.hex(request));
    }

    @Test
    void dumpAddressesOfAllFamilies() {
        assertEquals(Bytes.hex(hex(
                // len 24, RTM_GETADDR(22), REQUEST|DUMP = 0x0301, seq 9
                "18000000 1600 0103 09000000 00000000"
                + "00 00 00 00 00000000")), Bytes.hex(codec.dumpAddresses(9, LibC.AF_UNSPEC)));
    }

    @Test
    void getLinkByIndex() {
        assertEquals(Bytes.hex(hex(
                // len 32, RTM_GETLINK(18), REQUEST|ACK
                "20000000 1200 0500 05000000 00000000"
                // ifinfomsg: AF_UNSPEC, pad, type 0, index 4, flags 0, change 0
                + "00 00 0000 04000000 00000000 00000000")), Bytes.hex(codec.getLink(5, 4)));
    }

    @Test
    void newMacvlanPrivateUpWithAddressOnParent() {
        byte[] request = codec.newMacvlan(3, 4, "mv0", hex("00005e000133"));

        assertEquals(Bytes.hex(hex(
                // nlmsghdr: len 88, RTM_NEWLINK(16), REQUEST|ACK|EXCL|CREATE = 0x0605, seq 3, pid 0
                "58000000 1000 0506 03000000 00000000"
                // ifinfomsg: AF_UNSPEC, pad, type 0, index 0, flags IFF_UP, change IFF_UP
                + "00 00 0000 00000000 01000000 01000000"
                + "0800 0300 6d763000"                          // IFLA_IFNAME (3) "mv0\0"
                + "0800 0500 04000000"                          // IFLA_LINK (5): parent index 4
                + "0a00 0100 00005e000133 0000"                 // IFLA_ADDRESS (1), padded to 12
                + "1c00 1200"                                   // IFLA_LINKINFO (18), 28 bytes
                + "0b00 0100 6d6163766c616e 00"                 //   IFLA_INFO_KIND (1) "macvlan", no NUL, padded
                + "0c00 0200"                                   //   IFLA_INFO_DATA (2), 12 bytes
                + "0800 0100 01000000")),                       //     IFLA_MACVLAN_MODE (1): PRIVATE (1)
                Bytes.hex(request));
    }

    @Test
    void deleteLinkByNameAsksForAnAck() {
        assertEquals(Bytes.hex(hex(
                // len 44, RTM_DELLINK(17), REQUEST|ACK, seq 4
                "2c000000 1100 0500 04000000 00000000"
                + "00 00 0000 00000000 00000000 00000000"        // ifinfomsg: index 0, the name decides
                + "0b00 0300 767272702e3100 00")),               // IFLA_IFNAME "vrrp.1\0", padded
                Bytes.hex(codec.deleteLink(4, "vrrp.1")));
    }

    @Test
    void cappedAckWithoutErrorIsSuccess() {
        Message ack = single(hex(
                // len 36, NLMSG_ERROR, flags CAPPED, seq 1, pid 4242
                "24000000 0200 0001 01000000 92100000"
                + "00000000"
                + "28000000 1400 0506 01000000 00000000"));

        assertEquals(new RouteNetlinkCodec.Ack(0, null), codec.ack(ack));
        assertEquals(1, ack.seq());
    }

    @Test
    void errorWithExtendedAckTextAfterCappedRequest() {
        Message error = single(hex(
                // len 44, NLMSG_ERROR, CAPPED|ACK_TLVS
                "2c000000 0200 0003 01000000 00000000"
                + "efffffff"                                    // -EEXIST
                + "28000000 1400 0506 01000000 00000000"        // the request's header only
                + "0800 0100 62616400"));                       // NLMSGERR_ATTR_MSG "bad"

        assertEquals(new RouteNetlinkCodec.Ack(17, "bad"), codec.ack(error));
    }

    @Test
    void errorWithTheWholeRequestEchoedSkipsItToReachTheText() {
        Message error = single(hex(
                // len 52, NLMSG_ERROR, ACK_TLVS only: the 24-byte request follows in full
                "34000000 0200 0002 09000000 00000000"
                + "ffffffff"                                    // -EPERM
                + "18000000 1600 0103 09000000 00000000 00000000 00000000"
                + "0800 0100 6e6f7400"));                       // "not"

        assertEquals(new RouteNetlinkCodec.Ack(1, "not"), codec.ack(error));
    }

    @Test
    void errorWithoutExtendedAck() {
        Message error = single(hex(
                "24000000 0200 0001 02000000 00000000"
                + "9dffffff"                                    // -EADDRNOTAVAIL (99)
                + "28000000 1500 0500 02000000 00000000"));

        assertEquals(new RouteNetlinkCodec.Ack(99, null), codec.ack(error));
    }

    @Test
    void addressDumpWithIpv4AndIpv6AndDone() throws Exception {
        List<Message> messages = codec.messages(ByteBuffer.wrap(hex(
                // RTM_NEWADDR, len 56, MULTI
                "38000000 1400 0200 09000000 92100000"
                + "02 18 80 00 02000000"                        // AF_INET /24 PERMANENT universe index 2
                + "0800 0100 c0000201"                          // IFA_ADDRESS 192.0.2.1
                + "0800 0200 c0000201"                          // IFA_LOCAL 192.0.2.1
                + "0800 0300 646b3000"                          // IFA_LABEL "dk0"
                + "0800 0800 80000000"                          // IFA_FLAGS PERMANENT
                // RTM_NEWADDR, len 52, MULTI
                + "34000000 1400 0200 09000000 92100000"
                + "0a 40 80 fd 02000000"                        // AF_INET6 /64 scope link index 2
                + "1400 0100 fe80000000000000000000000000000a"  // IFA_ADDRESS fe80::a
                + "0800 0800 82000000"                          // IFA_FLAGS NODAD|PERMANENT
                // NLMSG_DONE, len 20, error 0
                + "14000000 0300 0200 09000000 92100000 00000000")));

        assertEquals(3, messages.size());
        AddressEntry v4 = codec.address(messages.get(0));
        assertEquals(new AddressEntry(2, 24, 0x80, 0, 2, InetAddress.getByName("192.0.2.1"), "dk0"), v4);
        AddressEntry v6 = codec.address(messages.get(1));
        assertEquals(InetAddress.getByName("fe80::a"), v6.address());
        assertEquals(64, v6.prefixLength());
        assertEquals(0x82, v6.flags());
        assertEquals(0xfd, v6.scope());
        assertNull(v6.label());
        assertEquals(RouteNetlinkCodec.NLMSG_DONE, messages.get(2).type());
        assertEquals(0, codec.doneErrno(messages.get(2)));
    }

    @Test
    void pointToPointAddressReportsTheLocalEndNotThePeer() throws Exception {
        AddressEntry entry = codec.address(single(hex(
                "28000000 1400 0200 01000000 00000000"
                + "02 20 00 00 05000000"
                + "0800 0100 c6336401"                          // IFA_ADDRESS: peer 198.51.100.1
                + "0800 0200 c6336402")));                      // IFA_LOCAL: 198.51.100.2

        assertEquals(InetAddress.getByName("198.51.100.2"), entry.address());
    }

    @Test
    void linkReplyGivesFlagsHardwareAddressAndName() {
        RouteNetlinkCodec.LinkEntry link = codec.link(single(hex(
                // RTM_NEWLINK, len 56
                "38000000 1000 0000 05000000 00000000"
                + "00 00 0100 04000000 43100100 00000000"       // ARPHRD_ETHER, index 4, UP|RUNNING|LOWER_UP|..
                + "0900 0300 646b3061 00 000000"                // IFLA_IFNAME "dk0a", padded
                + "0a00 0100 02000000000a 0000"                 // IFLA_ADDRESS 02:00:00:00:00:0a, padded
                + "0800 0400 dc050000")));                      // IFLA_MTU 1500 (ignored)

        assertEquals(4, link.index());
        assertEquals(0x11043, link.flags());
        assertArrayEquals(hex("02000000000a"), link.mac());
        assertEquals("dk0a", link.name());
    }

    @Test
    void doneWithAnErrorReportsIt() {
        assertEquals(16, codec.doneErrno(single(hex("14000000 0300 0200 01000000 00000000 f0ffffff"))));
    }

    @Test
    void messageLongerThanTheDatagramIsRejected() {
        ByteBuffer truncated = ByteBuffer.wrap(hex("3c000000 1400 0200 09000000 92100000 02180000"));

        assertThrows(IllegalArgumentException.class, () -> codec.messages(truncated));
    }

    @Test
    void attributeLongerThanTheMessageIsRejected() {
        Message bad = single(hex("1c000000 1400 0200 01000000 00000000 02 18 00 00 02000000 4000 0100"));

        assertThrows(IllegalArgumentException.class, () -> codec.address(bad));
    }

    private Message single(byte[] datagram) {
        List<Message> messages = codec.messages(ByteBuffer.wrap(datagram));
        assertEquals(1, messages.size());
        return messages.get(0);
    }
}
