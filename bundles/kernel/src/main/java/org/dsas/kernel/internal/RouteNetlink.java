package org.dsas.kernel.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.dsas.kernel.api.KernelException;
import org.dsas.kernel.internal.RouteNetlinkCodec.Ack;
import org.dsas.kernel.internal.RouteNetlinkCodec.Message;

/**
 * Owns the rtnetlink exchanges: one short-lived NETLINK_ROUTE socket per
 * request (no shared state between callers, no stale replies), the request
 * sent, replies read up to the ack or the end of the dump, kernel errors turned
 * into {@link KernelException}s naming the operation. Encoding and decoding are
 * {@link RouteNetlinkCodec}'s.
 */
final class RouteNetlink {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int REPLY_TIMEOUT_MILLIS = 5_000;
    private static final int DUMP_ATTEMPTS = 3;

    private final RouteNetlinkCodec codec = RouteNetlinkCodec.hostOrder();
    private final byte[] kernel = Structs.host().sockaddrNl();
    private final AtomicInteger sequence = new AtomicInteger();

    RouteNetlinkCodec codec() {
        return codec;
    }

    /** Sends a request the kernel acknowledges; returns the replies that came before the ack. */
    List<Message> request(String operation, IntFunction<byte[]> request) throws KernelException {
        int seq = sequence.incrementAndGet();
        return exchange(operation, request.apply(seq), seq, false).messages();
    }

    /** Runs a dump, again when the kernel flags it as interrupted by a concurrent change. */
    List<Message> dump(String operation, IntFunction<byte[]> request) throws KernelException {
        Replies replies = null;
        for (int attempt = 0; attempt < DUMP_ATTEMPTS; attempt++) {
            int seq = sequence.incrementAndGet();
            replies = exchange(operation, request.apply(seq), seq, true);
            if (!replies.interrupted()) {
                break;
            }
        }
        return replies.messages();
    }

    private record Replies(List<Message> messages, boolean interrupted) {
    }

    private Replies exchange(String operation, byte[] request, int seq, boolean dump) throws KernelException {
        int fd = LibC.openSocket(operation, LibC.AF_NETLINK, LibC.SOCK_RAW, LibC.NETLINK_ROUTE);
        try (Memory buffer = new Memory(BUFFER_SIZE)) {
            optional(fd, LibC.NETLINK_EXT_ACK);
            optional(fd, LibC.NETLINK_CAP_ACK);
            LibC.sendTo(operation, fd, request, kernel);
            List<Message> replies = new ArrayList<>();
            boolean interrupted = false;
            long deadline = System.nanoTime() + REPLY_TIMEOUT_MILLIS * 1_000_000L;
            while (true) {
                int length = receive(operation, fd, buffer, deadline);
                if (length < 0) {
                    continue;
                }
                List<Message> messages;
                try {
                    messages = codec.messages(buffer.getByteBuffer(0, length));
                } catch (IllegalArgumentException e) {
                    throw new KernelException(operation + ": malformed rtnetlink reply: " + e.getMessage());
                }
                for (Message m : messages) {
                    if (m.seq() != seq || m.type() == RouteNetlinkCodec.NLMSG_NOOP) {
                        continue;
                    }
                    if (m.type() == RouteNetlinkCodec.NLMSG_ERROR) {
                        Ack ack = codec.ack(m);
                        if (ack.errno() != 0) {
                            throw Errno.exception(operation, ack.errno(), ack.text());
                        }
                        return new Replies(replies, interrupted);
                    }
                    if (m.type() == RouteNetlinkCodec.NLMSG_DONE) {
                        int errno = codec.doneErrno(m);
                        if (errno != 0) {
                            throw Errno.exception(operation, errno);
                        }
                        return new Replies(replies, interrupted);
                    }
                    interrupted |= (m.flags() & RouteNetlinkCodec.NLM_F_DUMP_INTR) != 0;
                    replies.add(copy(m));
                }
            }
        } finally {
            LibC.closeQuietly(fd);
        }
    }

    private static int receive(String operation, int fd, Memory buffer, long deadline) throws KernelException {
        return NetlinkReceive.datagram(operation, "rtnetlink", fd, buffer, BUFFER_SIZE, deadline,
                REPLY_TIMEOUT_MILLIS);
    }

    /** Replies outlive the native buffer, so their payloads are copied to the heap. */
    private static Message copy(Message m) {
        ByteBuffer payload = ByteBuffer.allocate(m.payload().limit()).order(m.payload().order());
        payload.put(m.payload().duplicate()).flip();
        return new Message(m.type(), m.flags(), m.seq(), m.pid(), payload);
    }

    /** Extended acks and capped acks make errors clearer; kernels without them work the same otherwise. */
    private static void optional(int fd, int option) {
        try {
            LibC.setsockopt(fd, LibC.SOL_NETLINK, option, Structs.nativeInt(1), 4);
        } catch (LastErrorException e) {
            // older kernel: plain acks
        }
    }
}
