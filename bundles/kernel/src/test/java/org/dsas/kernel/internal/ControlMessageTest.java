package org.dsas.kernel.internal;

import static org.dsas.kernel.internal.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

/** cmsghdr lists as recvmsg fills them on 64-bit and 32-bit Linux (bytes from linux/socket.h CMSG_* macros). */
class ControlMessageTest {

    @Test
    void hopLimitAndPacketInfoOn64Bit() {
        byte[] control = hex(
                // cmsg_len 20 (size_t), IPPROTO_IPV6, IPV6_HOPLIMIT, data 255, padded to 24
                "1400000000000000 29000000 34000000 ff000000 00000000"
                // cmsg_len 36, IPPROTO_IPV6, IPV6_PKTINFO, in6_pktinfo {ff02::12, ifindex 5}, padded to 40
                + "2400000000000000 29000000 32000000 ff020000000000000000000000000012 05000000 00000000");

        List<ControlMessage> messages = ControlMessage.parse(le(control), control.length, 8);

        assertEquals(2, messages.size());
        assertEquals(LibC.IPPROTO_IPV6, messages.get(0).level());
        assertEquals(LibC.IPV6_HOPLIMIT, messages.get(0).type());
        assertEquals(255, messages.get(0).intValue());
        assertEquals(LibC.IPV6_PKTINFO, messages.get(1).type());
        assertEquals(20, messages.get(1).data().limit());
        assertEquals(5, messages.get(1).data().getInt(16));
    }

    @Test
    void hopLimitOn32Bit() {
        byte[] control = hex("10000000 29000000 34000000 40000000");

        List<ControlMessage> messages = ControlMessage.parse(le(control), control.length, 4);

        assertEquals(1, messages.size());
        assertEquals(64, messages.get(0).intValue());
    }

    @Test
    void stopsAtTheReportedLengthAndAtABadLength() {
        byte[] control = hex("1400000000000000 29000000 34000000 ff000000 00000000"
                + "ff00000000000000 29000000 32000000");

        assertEquals(0, ControlMessage.parse(le(control), 0, 8).size());
        assertEquals(1, ControlMessage.parse(le(control), 24, 8).size());
        assertEquals(1, ControlMessage.parse(le(control), control.length, 8).size());
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
