package org.dsas.metrics.xdr;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.dsas.metrics.xdr.GangliaMessage.ExtraData;
import org.dsas.metrics.xdr.GangliaMessage.Metadata;
import org.dsas.metrics.xdr.GangliaMessage.MetadataRequest;
import org.dsas.metrics.xdr.GangliaMessage.MetricId;
import org.dsas.metrics.xdr.GangliaMessage.Value;

/**
 * Owns ganglia 3.x's XDR wire format (protocol.x) as gmond 3.7 writes it: a UDP payload is one message, an XDR
 * enum id then its union arm. XDR: big-endian 4-byte units; strings are a length and bytes padded to 4; bool,
 * (u)short and enum take 4 bytes. Pure functions without I/O; a malformed packet decodes to a {@link DropReason},
 * never an exception.
 */
public final class XdrCodec {

    /** gmond's max_udp_msg_len: nothing valid is longer, so no string or list can be either. */
    public static final int MAX_PACKET = 1472;
    private static final int MAX_EXTRA = MAX_PACKET / 8;

    /** Either a message or why the packet was dropped. */
    public record Decoded(GangliaMessage message, DropReason drop) {

        static Decoded dropped(DropReason r) {
            return new Decoded(null, r);
        }

        public boolean ok() {
            return message != null;
        }
    }

    private XdrCodec() {
    }

    public static Decoded decode(byte[] packet) {
        return decode(ByteBuffer.wrap(packet));
    }

    /** Decodes the buffer's remaining bytes (one UDP payload). */
    public static Decoded decode(ByteBuffer in) {
        ByteBuffer b = in.slice();
        try {
            int id = b.getInt();
            GangliaMessage m = switch (id) {
                case GangliaMessage.METADATA -> metadata(b);
                case GangliaMessage.METADATA_REQUEST -> new MetadataRequest(metricId(b));
                case GangliaMessage.USHORT, GangliaMessage.SHORT, GangliaMessage.INT, GangliaMessage.UINT,
                        GangliaMessage.STRING, GangliaMessage.FLOAT, GangliaMessage.DOUBLE -> value(id, b);
                default -> throw new Malformed(DropReason.BAD_ID);
            };
            if (b.hasRemaining()) {
                return Decoded.dropped(DropReason.TRAILING_BYTES);
            }
            return new Decoded(m, null);
        } catch (BufferUnderflowException e) {
            return Decoded.dropped(DropReason.TOO_SHORT);
        } catch (Malformed e) {
            return Decoded.dropped(e.reason);
        }
    }

    private static Metadata metadata(ByteBuffer b) {
        MetricId id = metricId(b);
        String type = string(b);
        if (!GangliaMessage.TYPES.contains(type)) {
            throw new Malformed(DropReason.BAD_TYPE);
        }
        String name = string(b);
        String units = string(b);
        int slope = b.getInt();
        if (slope < 0 || slope >= GangliaMessage.SLOPES.size()) {
            throw new Malformed(DropReason.BAD_SLOPE);
        }
        long tmax = b.getInt() & 0xFFFFFFFFL;
        long dmax = b.getInt() & 0xFFFFFFFFL;
        int count = b.getInt();
        if (count < 0 || count > MAX_EXTRA) {
            throw new Malformed(DropReason.ABSURD_LENGTH);
        }
        List<ExtraData> extra = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            extra.add(new ExtraData(string(b), string(b)));
        }
        return new Metadata(id, type, name, units, slope, tmax, dmax, extra);
    }

    private static Value value(int kind, ByteBuffer b) {
        MetricId id = metricId(b);
        String format = string(b);
        return switch (kind) {
            case GangliaMessage.USHORT -> new Value(kind, id, format, b.getInt() & 0xFFFF, 0, null);
            case GangliaMessage.SHORT -> new Value(kind, id, format, (short) b.getInt(), 0, null);
            case GangliaMessage.INT -> new Value(kind, id, format, b.getInt(), 0, null);
            case GangliaMessage.UINT -> new Value(kind, id, format, b.getInt() & 0xFFFFFFFFL, 0, null);
            case GangliaMessage.FLOAT -> new Value(kind, id, format, 0, b.getFloat(), null);
            case GangliaMessage.DOUBLE -> new Value(kind, id, format, 0, b.getDouble(), null);
            default -> new Value(kind, id, format, 0, 0, string(b));
        };
    }

    private static MetricId metricId(ByteBuffer b) {
        String host = string(b);
        String name = string(b);
        int spoof = b.getInt();
        if (spoof != 0 && spoof != 1) {
            throw new Malformed(DropReason.BAD_BOOL);
        }
        return new MetricId(host, name, spoof == 1);
    }

    private static String string(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0 || length > MAX_PACKET) {
            throw new Malformed(DropReason.ABSURD_LENGTH);
        }
        int padded = (length + 3) & ~3;
        if (padded > b.remaining()) {
            throw new Malformed(DropReason.BAD_STRING_LENGTH);
        }
        byte[] s = new byte[length];
        b.get(s);
        b.position(b.position() + padded - length);
        // ISO-8859-1 keeps every byte, so re-encoding gives the same bytes and gmond's XML declares it too
        return new String(s, StandardCharsets.ISO_8859_1);
    }

    /** Encodes a message as gmond writes it (zero padding). */
    public static byte[] encode(GangliaMessage m) {
        ByteBuffer b = ByteBuffer.allocate(size(m));
        if (m instanceof Metadata md) {
            b.putInt(GangliaMessage.METADATA);
            putId(b, md.id());
            putString(b, md.type());
            putString(b, md.name());
            putString(b, md.units());
            b.putInt(md.slope()).putInt((int) md.tmax()).putInt((int) md.dmax()).putInt(md.extra().size());
            for (ExtraData e : md.extra()) {
                putString(b, e.name());
                putString(b, e.data());
            }
        } else if (m instanceof MetadataRequest r) {
            b.putInt(GangliaMessage.METADATA_REQUEST);
            putId(b, r.id());
        } else if (m instanceof Value v) {
            b.putInt(v.kind());
            putId(b, v.id());
            putString(b, v.format());
            switch (v.kind()) {
                case GangliaMessage.STRING -> putString(b, v.text());
                case GangliaMessage.FLOAT -> b.putFloat((float) v.real());
                case GangliaMessage.DOUBLE -> b.putDouble(v.real());
                default -> b.putInt((int) v.integer());
            }
        }
        return b.array();
    }

    private static int size(GangliaMessage m) {
        int n = 4 + idSize(m.id());
        if (m instanceof Metadata md) {
            n += strSize(md.type()) + strSize(md.name()) + strSize(md.units()) + 16;
            for (ExtraData e : md.extra()) {
                n += strSize(e.name()) + strSize(e.data());
            }
        } else if (m instanceof Value v) {
            n += strSize(v.format()) + switch (v.kind()) {
                case GangliaMessage.STRING -> strSize(v.text());
                case GangliaMessage.DOUBLE -> 8;
                default -> 4;
            };
        }
        return n;
    }

    private static int idSize(MetricId id) {
        return strSize(id.host()) + strSize(id.name()) + 4;
    }

    private static int strSize(String s) {
        return 4 + ((bytes(s).length + 3) & ~3);
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void putId(ByteBuffer b, MetricId id) {
        putString(b, id.host());
        putString(b, id.name());
        b.putInt(id.spoof() ? 1 : 0);
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = bytes(s);
        b.putInt(bytes.length).put(bytes);
        for (int i = bytes.length; (i & 3) != 0; i++) {
            b.put((byte) 0);
        }
    }

    /** Internal control flow for a malformed field; never leaves the codec. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient DropReason reason;

        Malformed(DropReason reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }
    }
}
