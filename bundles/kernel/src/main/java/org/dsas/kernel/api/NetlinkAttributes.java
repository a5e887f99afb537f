package org.dsas.kernel.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Netlink attributes (struct nlattr: u16 length, u16 type, value, padded to 4
 * bytes) as bytes: a {@link Writer} that builds them, nested ones included,
 * and {@link #parse} that splits them. Netlink integers are in host byte order
 * (the order is a parameter so codecs are tested on fixed bytes); ports and
 * addresses are in network order, as each family's header says. Pure: no I/O.
 */
public final class NetlinkAttributes {

    public static final int HEADER_LENGTH = 4;
    /** Set on the type of an attribute that holds attributes; some kernels' families set it, some do not. */
    public static final int F_NESTED = 0x8000;
    public static final int F_NET_BYTEORDER = 0x4000;
    private static final int TYPE_MASK = 0x3fff;

    private NetlinkAttributes() {
    }

    public static int align(int length) {
        return (length + 3) & ~3;
    }

    public static Writer writer(ByteOrder order) {
        return new Writer(order);
    }

    /**
     * The attributes in {@code buffer} from its position to its limit.
     *
     * @throws IllegalArgumentException when a length does not fit
     */
    public static Attributes parse(ByteBuffer buffer) {
        ByteBuffer b = buffer.slice().order(buffer.order());
        List<Attribute> list = new ArrayList<>();
        int position = 0;
        while (b.limit() - position >= HEADER_LENGTH) {
            int length = b.getShort(position) & 0xffff;
            if (length < HEADER_LENGTH || length > b.limit() - position) {
                throw new IllegalArgumentException("netlink attribute length " + length + " at offset " + position
                        + " of " + b.limit() + " bytes");
            }
            list.add(new Attribute(b.getShort(position + 2) & TYPE_MASK,
                    b.slice(position + HEADER_LENGTH, length - HEADER_LENGTH).order(b.order())));
            position += align(length);
        }
        return new Attributes(List.copyOf(list));
    }

    /** Parsed attributes in the order they came; {@link #get} finds the last of a type, as the kernel does. */
    public record Attributes(List<Attribute> list) {

        public Optional<Attribute> get(int type) {
            for (int i = list.size() - 1; i >= 0; i--) {
                if (list.get(i).type() == type) {
                    return Optional.of(list.get(i));
                }
            }
            return Optional.empty();
        }

        /** The attribute of this type, or an IllegalArgumentException naming what is missing. */
        public Attribute require(int type, String what) {
            return get(type).orElseThrow(() -> new IllegalArgumentException("no " + what + " attribute (type "
                    + type + ")"));
        }
    }

    /** One attribute: its type (flags masked off) and value, in the byte order of the message. */
    public record Attribute(int type, ByteBuffer value) {

        public int length() {
            return value.limit();
        }

        public int u8() {
            check(1);
            return value.get(0) & 0xff;
        }

        public int u16() {
            check(2);
            return value.getShort(0) & 0xffff;
        }

        /** A big-endian u16 (ports). */
        public int be16() {
            check(2);
            return ((value.get(0) & 0xff) << 8) | (value.get(1) & 0xff);
        }

        public int u32() {
            check(4);
            return value.getInt(0);
        }

        /** A big-endian u32 (IPv4 netmasks). */
        public int be32() {
            check(4);
            return value.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(0);
        }

        public long u64() {
            check(8);
            return value.getLong(0);
        }

        public byte[] bytes() {
            byte[] bytes = new byte[value.limit()];
            value.get(0, bytes);
            return bytes;
        }

        /** A NUL-terminated (or unterminated) string. */
        public String string() {
            byte[] bytes = bytes();
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }

        public Attributes nested() {
            return parse(value);
        }

        private void check(int size) {
            if (value.limit() < size) {
                throw new IllegalArgumentException("netlink attribute " + type + " has " + value.limit()
                        + " bytes, " + size + " expected");
            }
        }
    }

    /** Appends attributes to a growing buffer; {@link #begin}/{@link #end} wrap nested ones. */
    public static final class Writer {

        private final ByteOrder order;
        private ByteBuffer buffer;
        private final Deque<Integer> open = new ArrayDeque<>();

        private Writer(ByteOrder order) {
            this.order = order;
            this.buffer = ByteBuffer.allocate(256).order(order);
        }

        public ByteOrder order() {
            return order;
        }

        public Writer u8(int type, int value) {
            return put(type, new byte[] {(byte) value});
        }

        public Writer u16(int type, int value) {
            return put(type, ByteBuffer.allocate(2).order(order).putShort((short) value).array());
        }

        public Writer be16(int type, int value) {
            return put(type, new byte[] {(byte) (value >>> 8), (byte) value});
        }

        public Writer u32(int type, int value) {
            return put(type, ByteBuffer.allocate(4).order(order).putInt(value).array());
        }

        public Writer be32(int type, int value) {
            return put(type, ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(value).array());
        }

        public Writer u64(int type, long value) {
            return put(type, ByteBuffer.allocate(8).order(order).putLong(value).array());
        }

        /** The string with its terminating NUL, as the kernel's NLA_NUL_STRING / NLA_STRING policies take it. */
        public Writer string(int type, String value) {
            byte[] text = value.getBytes(StandardCharsets.UTF_8);
            return put(type, Arrays.copyOf(text, text.length + 1));
        }

        public Writer bytes(int type, byte[] value) {
            return put(type, value);
        }

        /** Opens a nested attribute; {@code type} may carry {@link #F_NESTED}. */
        public Writer begin(int type) {
            ensure(HEADER_LENGTH);
            open.push(buffer.position());
            buffer.putShort((short) 0).putShort((short) type);
            return this;
        }

        public Writer end() {
            if (open.isEmpty()) {
                throw new IllegalStateException("end() without begin()");
            }
            int start = open.pop();
            buffer.putShort(start, (short) (buffer.position() - start));
            return this;
        }

        public int size() {
            return buffer.position();
        }

        public byte[] toByteArray() {
            if (!open.isEmpty()) {
                throw new IllegalStateException(open.size() + " nested attribute(s) not ended");
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }

        private Writer put(int type, byte[] value) {
            int length = HEADER_LENGTH + value.length;
            ensure(align(length));
            buffer.putShort((short) length).putShort((short) type).put(value);
            buffer.position(buffer.position() + align(length) - length);
            return this;
        }

        private void ensure(int more) {
            if (buffer.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more))
                        .order(order);
                bigger.put(buffer.array(), 0, buffer.position());
                buffer = bigger;
            }
        }
    }
}
