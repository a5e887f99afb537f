package org.dsas.kernel.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One ancillary message (struct cmsghdr) from recvmsg, e.g. IPV6_HOPLIMIT or
 * IPV6_PKTINFO. Pure: the list parser walks the control buffer with the
 * platform's size_t width, no I/O.
 *
 * @param level the protocol level (IPPROTO_IPV6)
 * @param type  the message type
 * @param data  the message data, in host order
 */
record ControlMessage(int level, int type, ByteBuffer data) {

    /**
     * Parses the first {@code length} bytes of a control buffer.
     *
     * @param sizeTSize {@code sizeof(size_t)}: cmsg_len's width and the alignment of every message
     */
    static List<ControlMessage> parse(ByteBuffer control, int length, int sizeTSize) {
        ByteBuffer b = control.duplicate().order(control.order());
        int headerLength = align(sizeTSize + 8, sizeTSize);
        List<ControlMessage> messages = new ArrayList<>();
        int offset = 0;
        while (offset + headerLength <= length) {
            long messageLength = sizeTSize == 8 ? b.getLong(offset) : b.getInt(offset) & 0xffffffffL;
            if (messageLength < headerLength || offset + messageLength > length) {
                break;
            }
            int level = b.getInt(offset + sizeTSize);
            int type = b.getInt(offset + sizeTSize + 4);
            ByteBuffer data = b.slice(offset + headerLength, (int) messageLength - headerLength).order(b.order());
            messages.add(new ControlMessage(level, type, data));
            offset += align((int) messageLength, sizeTSize);
        }
        return messages;
    }

    static int align(int length, int to) {
        return (length + to - 1) & -to;
    }

    /** The data as one host-order int (IPV6_HOPLIMIT). */
    int intValue() {
        return data.getInt(0);
    }
}
