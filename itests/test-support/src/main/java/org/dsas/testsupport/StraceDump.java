package org.dsas.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The datagrams of an {@code strace -xx -e write=all -e read=all} capture: each sendmsg/recvmsg
 * with its hex dump ("| 00000  20 00 ..."), in order. recvmsg calls with MSG_PEEK (libnl peeks
 * for the size, then reads the same datagram) are left out.
 */
public record StraceDump(List<Datagram> datagrams) {

    public record Datagram(boolean sent, byte[] bytes) {
    }

    /** Reads a capture stored as a resource beside {@code owner} (the test class). */
    public static StraceDump load(Class<?> owner, String resource) throws IOException {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no test resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    public static StraceDump parse(String text) {
        List<Datagram> datagrams = new ArrayList<>();
        Boolean sent = null;
        ByteArrayOutputStream bytes = null;
        for (String line : text.split("\n")) {
            if (line.startsWith(" | ")) {
                if (bytes != null) {
                    String hex = line.substring(10, Math.min(line.length(), 59)).replace(" ", "");
                    bytes.writeBytes(HexFormat.of().parseHex(hex));
                }
                continue;
            }
            if (line.startsWith(" * ")) {
                continue;
            }
            if (bytes != null) {
                datagrams.add(new Datagram(sent, bytes.toByteArray()));
                bytes = null;
            }
            if (line.contains("sendmsg(") || line.contains("sendto(")) {
                sent = true;
                bytes = new ByteArrayOutputStream();
            } else if ((line.contains("recvmsg(") || line.contains("recvfrom(")) && !line.contains("MSG_PEEK")) {
                sent = false;
                bytes = new ByteArrayOutputStream();
            }
        }
        if (bytes != null) {
            datagrams.add(new Datagram(sent, bytes.toByteArray()));
        }
        return new StraceDump(List.copyOf(datagrams));
    }

    /** One netlink message of a datagram: type, flags, and what follows the nlmsghdr. */
    public record Message(int type, int flags, byte[] payload) {
        public int command() {
            return payload[0] & 0xff;
        }

        /** The attributes after the genlmsghdr, little-endian (the capture is from x86_64). */
        public java.nio.ByteBuffer attributes() {
            return java.nio.ByteBuffer.wrap(payload, 4, payload.length - 4).slice()
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** The messages of the given datagrams (sent or received) whose type is {@code type}. */
    public static List<Message> messages(List<byte[]> datagrams, int type) {
        List<Message> messages = new ArrayList<>();
        for (byte[] d : datagrams) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int offset = 0;
            while (offset + 16 <= d.length) {
                int length = b.getInt(offset);
                int t = b.getShort(offset + 4) & 0xffff;
                if (t == type) {
                    messages.add(new Message(t, b.getShort(offset + 6) & 0xffff,
                            java.util.Arrays.copyOfRange(d, offset + 16, offset + length)));
                }
                offset += (length + 3) & ~3;
            }
        }
        return messages;
    }

    public List<byte[]> sent() {
        return datagrams.stream().filter(Datagram::sent).map(Datagram::bytes).toList();
    }

    public List<byte[]> received() {
        return datagrams.stream().filter(d -> !d.sent()).map(Datagram::bytes).toList();
    }
}
