package org.dsas.kernel.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dsas.kernel.api.GenericNetlink;
import org.dsas.kernel.api.KernelException;
import org.dsas.kernel.internal.RouteNetlinkCodec.Ack;
import org.dsas.kernel.internal.RouteNetlinkCodec.Message;
import org.osgi.service.component.annotations.Component;

/**
 * Generic netlink on Linux through JNA. {@link #family} uses a short-lived
 * socket; {@link #open} gives a {@link Channel} that owns one NETLINK_GENERIC
 * socket until closed, so a dataplane pays the socket and family lookup once
 * and can batch many commands into few datagrams.
 */
@Component(service = GenericNetlink.class)
public final class LinuxGenericNetlink implements GenericNetlink {

    @Override
    public Family family(String name) throws KernelException {
        try (LinuxChannel channel = LinuxChannel.open(name)) {
            return channel.family();
        }
    }

    @Override
    public Channel open(String family) throws KernelException {
        return LinuxChannel.open(family);
    }

    /** One NETLINK_GENERIC socket bound to one family. */
    static final class LinuxChannel implements Channel {

        private static final int BUFFER_SIZE = 64 * 1024;
        /** Asked for so a batch's acks never overflow the socket; root may exceed rmem_max (SO_RCVBUFFORCE). */
        private static final int RECEIVE_BUFFER = 4 * 1024 * 1024;
        /** Per datagram of a batch: well under the default send buffer, and acks that fit the receive buffer. */
        private static final int BATCH_BYTES = 32 * 1024;
        private static final int BATCH_MESSAGES = 256;
        private static final int REPLY_TIMEOUT_MILLIS = 5_000;
        private static final int DUMP_ATTEMPTS = 3;

        private final GenericNetlinkCodec codec = GenericNetlinkCodec.hostOrder();
        private final byte[] kernel = Structs.host().sockaddrNl();
        private final NativeSocket socket;
        private final Memory buffer = new Memory(BUFFER_SIZE);
        private Family family;
        private int sequence;

        private LinuxChannel(NativeSocket socket) {
            this.socket = socket;
        }

        static LinuxChannel open(String name) throws KernelException {
            String operation = "generic netlink family " + name;
            int fd = LibC.openSocket(operation, LibC.AF_NETLINK, LibC.SOCK_RAW, LibC.NETLINK_GENERIC);
            LinuxChannel channel = new LinuxChannel(new NativeSocket(fd, "generic netlink socket (" + name + ")"));
            try {
                optional(fd, LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, 1);
                optional(fd, LibC.SOL_NETLINK, LibC.NETLINK_CAP_ACK, 1);
                if (!optional(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, RECEIVE_BUFFER)) {
                    optional(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, RECEIVE_BUFFER);
                }
                channel.family = channel.resolve(name);
                return channel;
            } catch (KernelException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        private Family resolve(String name) throws KernelException {
            String operation = "generic netlink family " + name;
            List<Message> replies;
            try {
                int seq = ++sequence;
                replies = exchange(operation, codec.getFamily(seq, name), seq, 1, false).messages();
            } catch (KernelException e) {
                if (e.errno() == LibC.ENOENT) {
                    throw new KernelException(operation + ": not present ("
                            + ("IPVS".equals(name) ? "kernel without ip_vs?" : "ENOENT") + ")", LibC.ENOENT);
                }
                throw e;
            }
            for (Message m : replies) {
                if (m.type() == GenericNetlinkCodec.GENL_ID_CTRL) {
                    return codec.family(m);
                }
            }
            throw new KernelException(operation + ": no CTRL_CMD_NEWFAMILY reply");
        }

        @Override
        public Family family() {
            return family;
        }

        @Override
        public synchronized List<ByteBuffer> request(String operation, int command, byte[] attributes)
                throws KernelException {
            int seq = ++sequence;
            byte[] message = codec.message(family.id(), RouteNetlinkCodec.NLM_F_REQUEST | RouteNetlinkCodec.NLM_F_ACK,
                    seq, command, family.version(), attributes);
            return payloads(exchange(operation, message, seq, 1, false).messages());
        }

        @Override
        public synchronized List<ByteBuffer> dump(String operation, int command, byte[] attributes)
                throws KernelException {
            Replies replies = null;
            for (int attempt = 0; attempt < DUMP_ATTEMPTS; attempt++) {
                int seq = ++sequence;
                byte[] message = codec.message(family.id(),
                        RouteNetlinkCodec.NLM_F_REQUEST | RouteNetlinkCodec.NLM_F_DUMP, seq, command,
                        family.version(), attributes);
                replies = exchange(operation, message, seq, 1, true);
                if (!replies.interrupted()) {
                    break;
                }
            }
            return payloads(replies.messages());
        }

        @Override
        public synchronized List<KernelException> requestAll(List<Request> requests) throws KernelException {
            KernelException[] outcomes = new KernelException[requests.size()];
            int next = 0;
            while (next < requests.size()) {
                int first = next;
                int firstSeq = sequence + 1;
                List<byte[]> messages = new ArrayList<>();
                int bytes = 0;
                while (next < requests.size() && messages.size() < BATCH_MESSAGES) {
                    Request r = requests.get(next);
                    byte[] m = codec.message(family.id(),
                            RouteNetlinkCodec.NLM_F_REQUEST | RouteNetlinkCodec.NLM_F_ACK, ++sequence, r.command(),
                            family.version(), r.attributes());
                    if (!messages.isEmpty() && bytes + m.length > BATCH_BYTES) {
                        sequence--;
                        break;
                    }
                    messages.add(m);
                    bytes += RouteNetlinkCodec.align(m.length);
                    next++;
                }
                byte[] datagram = new byte[bytes];
                int offset = 0;
                for (byte[] m : messages) {
                    System.arraycopy(m, 0, datagram, offset, m.length);
                    offset += RouteNetlinkCodec.align(m.length);
                }
                int count = messages.size();
                String operation = requests.get(first).operation() + (count > 1 ? " (and " + (count - 1)
                        + " more in one datagram)" : "");
                Batch batch = new Batch(firstSeq, count);
                socket.use(operation, fd -> {
                    LibC.sendTo(operation, fd, datagram, kernel);
                    receive(operation, fd, batch);
                    return null;
                });
                for (int i = 0; i < count; i++) {
                    Ack ack = batch.acks[i];
                    if (ack.errno() != 0) {
                        outcomes[first + i] = Errno.exception(requests.get(first + i).operation(), ack.errno(),
                                ack.text());
                    }
                }
            }
            return Arrays.asList(outcomes);
        }

        @Override
        public void close() {
            socket.close();
            synchronized (this) {
                buffer.close();
            }
        }

        private record Replies(List<Message> messages, boolean interrupted) {
        }

        /** The acks of one batch datagram, by position; complete when every one has come. */
        private static final class Batch {
            final int firstSeq;
            final Ack[] acks;
            final List<Message> replies = new ArrayList<>();
            int missing;
            boolean interrupted;

            Batch(int firstSeq, int count) {
                this.firstSeq = firstSeq;
                this.acks = new Ack[count];
                this.missing = count;
            }
        }

        private Replies exchange(String operation, byte[] message, int seq, int count, boolean dump)
                throws KernelException {
            Batch batch = new Batch(seq, count);
            socket.use(operation, fd -> {
                LibC.sendTo(operation, fd, message, kernel);
                receive(operation, fd, batch);
                return null;
            });
            Ack ack = batch.acks[0];
            if (ack.errno() != 0) {
                throw Errno.exception(operation, ack.errno(), ack.text());
            }
            return new Replies(batch.replies, batch.interrupted);
        }

        /** Reads until every message of the batch is acknowledged (or its dump done); fails at the deadline. */
        private void receive(String operation, int fd, Batch batch) throws KernelException {
            RouteNetlinkCodec netlink = codec.netlink();
            long deadline = System.nanoTime() + REPLY_TIMEOUT_MILLIS * 1_000_000L;
            while (batch.missing > 0) {
                int length = receiveOne(operation, fd, deadline);
                if (length < 0) {
                    continue;
                }
                List<Message> messages;
                try {
                    messages = netlink.messages(buffer.getByteBuffer(0, length));
                } catch (IllegalArgumentException e) {
                    throw new KernelException(operation + ": malformed generic netlink reply: " + e.getMessage());
                }
                for (Message m : messages) {
                    int index = m.seq() - batch.firstSeq;
                    if (index < 0 || index >= batch.acks.length || batch.acks[index] != null
                            || m.type() == RouteNetlinkCodec.NLMSG_NOOP) {
                        continue;   // a late reply to an abandoned exchange
                    }
                    if (m.type() == RouteNetlinkCodec.NLMSG_ERROR) {
                        batch.acks[index] = netlink.ack(m);
                        batch.missing--;
                    } else if (m.type() == RouteNetlinkCodec.NLMSG_DONE) {
                        batch.acks[index] = new Ack(netlink.doneErrno(m), null);
                        batch.missing--;
                    } else {
                        batch.interrupted |= (m.flags() & RouteNetlinkCodec.NLM_F_DUMP_INTR) != 0;
                        batch.replies.add(copy(m));
                    }
                }
            }
        }

        private int receiveOne(String operation, int fd, long deadline) throws KernelException {
            return NetlinkReceive.datagram(operation, "generic netlink", fd, buffer, BUFFER_SIZE, deadline,
                    REPLY_TIMEOUT_MILLIS);
        }

        private static ByteBuffer copyBuffer(ByteBuffer source) {
            ByteBuffer copy = ByteBuffer.allocate(source.limit()).order(source.order());
            copy.put(source.duplicate()).flip();
            return copy;
        }

        /** Replies outlive the native buffer, so their payloads are copied to the heap. */
        private static Message copy(Message m) {
            return new Message(m.type(), m.flags(), m.seq(), m.pid(), copyBuffer(m.payload()));
        }

        private static List<ByteBuffer> payloads(List<Message> messages) {
            List<ByteBuffer> payloads = new ArrayList<>(messages.size());
            for (Message m : messages) {
                payloads.add(GenericNetlinkCodec.attributes(m));
            }
            return payloads;
        }

        /** Extended acks, capped acks and a bigger buffer help; kernels without them work the same otherwise. */
        private static boolean optional(int fd, int level, int option, int value) {
            try {
                LibC.setsockopt(fd, level, option, Structs.nativeInt(value), 4);
                return true;
            } catch (LastErrorException e) {
                return false;
            }
        }
    }
}
