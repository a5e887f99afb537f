package org.dsas.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.dsas.kernel.api.NetlinkAttributes;
import org.dsas.kernel.api.NetlinkAttributes.Attributes;
import org.junit.jupiter.api.Test;

/** nlattr building and parsing, nested included, against bytes laid out by hand from linux/netlink.h. */
class NetlinkAttributesTest {

    @Test
    void writesPaddedScalarsStringsAndNests() {
        byte[] bytes = NetlinkAttributes.writer(ByteOrder.LITTLE_ENDIAN)
                .begin(1 | NetlinkAttributes.F_NESTED)
                .u16(1, 2)
                .be16(4, 80)
                .string(6, "rr")
                .end()
                .u32(3, 0x01020304)
                .be32(9, 0xffffff00)
                .u64(5, 1L << 40)
                .u8(7, 9)
                .toByteArray();

        assertEquals(Bytes.hex(Bytes.hex(
                "1c00 0180"                  // nest: 28 bytes, type 1 | NLA_F_NESTED
                + "0600 0100 0200 0000"      // u16 2, padded
                + "0600 0400 0050 0000"      // port 80, big-endian
                + "0700 0600 727200 00"      // "rr\0", padded
                + "0800 0300 04030201"
                + "0800 0900 ffffff00"
                + "0c00 0500 0000000000010000"
                + "0500 0700 09 000000")), Bytes.hex(bytes));
    }

    @Test
    void parsesWhatItWritesIncludingNests() {
        byte[] bytes = NetlinkAttributes.writer(ByteOrder.LITTLE_ENDIAN)
                .begin(1).u16(1, 10).string(6, "wlc").begin(10).u64(4, 123456789012L).end().end()
                .be32(9, 0xffffff00).toByteArray();

        Attributes top = NetlinkAttributes.parse(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        Attributes service = top.require(1, "service").nested();

        assertEquals(10, service.require(1, "af").u16());
        assertEquals("wlc", service.require(6, "scheduler").string());
        assertEquals(123456789012L, service.require(10, "stats").nested().require(4, "bytes").u64());
        assertEquals(0xffffff00, top.require(9, "netmask").be32());
        assertEquals(2, top.list().size());
    }

    @Test
    void lengthBeyondTheBufferIsRefused() {
        ByteBuffer broken = ByteBuffer.wrap(Bytes.hex("0c00 0100 0000 0000")).order(ByteOrder.LITTLE_ENDIAN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetlinkAttributes.parse(broken));
        assertEquals("netlink attribute length 12 at offset 0 of 8 bytes", e.getMessage());
    }

    @Test
    void unendedNestIsRefused() {
        NetlinkAttributes.Writer w = NetlinkAttributes.writer(ByteOrder.LITTLE_ENDIAN).begin(1);
        assertThrows(IllegalStateException.class, w::toByteArray);
    }
}
