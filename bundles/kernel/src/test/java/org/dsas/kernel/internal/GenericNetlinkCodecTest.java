package org.dsas.kernel.internal;

import org.dsas.testsupport.StraceDump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.dsas.kernel.api.GenericNetlink.Family;
import org.dsas.kernel.internal.RouteNetlinkCodec.Message;
import org.junit.jupiter.api.Test;

/**
 * Generic netlink framing against what ipvsadm 1.31 (libnl) sent and the Debian 6.1 kernel answered
 * when resolving the IPVS family (test resource ipvsadm-new-service.strace; capture described in
 * lb-ipvs's captured/README.md).
 */
class GenericNetlinkCodecTest {

    private final GenericNetlinkCodec codec = new GenericNetlinkCodec(ByteOrder.LITTLE_ENDIAN);

    @Test
    void getFamilyIsWhatLibnlSends() throws Exception {
        byte[] ipvsadm = StraceDump.load(GenericNetlinkCodecTest.class, "ipvsadm-new-service.strace").sent().get(0);
        int seq = ByteBuffer.wrap(ipvsadm).order(ByteOrder.LITTLE_ENDIAN).getInt(8);

        byte[] ours = codec.getFamily(seq, "IPVS");

        assertEquals(Bytes.hex(withoutPid(ipvsadm)), Bytes.hex(ours));
    }

    @Test
    void decodesTheKernelsFamilyReplyAndAck() throws Exception {
        List<byte[]> received = StraceDump.load(GenericNetlinkCodecTest.class, "ipvsadm-new-service.strace").received();
        List<Message> reply = codec.netlink().messages(ByteBuffer.wrap(received.get(0)));
        List<Message> ack = codec.netlink().messages(ByteBuffer.wrap(received.get(1)));

        assertEquals(new Family("IPVS", 0x20, 1, 6), codec.family(reply.get(0)));
        assertEquals(RouteNetlinkCodec.NLMSG_ERROR, ack.get(0).type());
        assertEquals(0, codec.netlink().ack(ack.get(0)).errno());
    }

    @Test
    void messageIsHeaderGenlHeaderAndAttributes() {
        byte[] message = codec.message(0x20, 0x5, 7, 4, 1, Bytes.hex("08000500 01000000"));

        assertEquals(Bytes.hex(Bytes.hex(
                "1c000000 2000 0500 07000000 00000000"   // nlmsghdr: 28 bytes, type 0x20, REQUEST|ACK, seq 7
                + "04 01 0000"                            // genlmsghdr: command 4, version 1
                + "08000500 01000000")), Bytes.hex(message));
    }

    @Test
    void aReplyThatIsNotNlctrlIsRefused() {
        Message other = new Message(0x20, 0, 1, 0, ByteBuffer.wrap(Bytes.hex("01010000")));
        assertThrows(IllegalArgumentException.class, () -> codec.family(other));
        Message shortMessage = new Message(0x20, 0, 1, 0, ByteBuffer.wrap(new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> GenericNetlinkCodec.attributes(shortMessage));
    }

    /** The port id libnl put in nlmsg_pid (ours is 0: the kernel fills it in). */
    private static byte[] withoutPid(byte[] message) {
        byte[] copy = Arrays.copyOf(message, message.length);
        Arrays.fill(copy, 12, 16, (byte) 0);
        return copy;
    }
}
