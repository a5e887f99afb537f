package org.dsas.vrrp.codec;

import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Owns the VRRP wire format: advertisements of RFC 3768 (v2) and RFC 9568 (v3) as keepalived
 * 2.2.7 writes them, i.e. the bytes after the IP header. Pure functions without I/O; the IP
 * layer (TTL 255, source address choice, sockets) belongs to the caller.
 *
 * <pre>
 *  v2: ver|type vrid prio count | auth type  adver int (s) | checksum | IPv4 addrs | auth data (8)
 *  v3: ver|type vrid prio count | rsvd(4) + max adver int (12 bits, cs)  | checksum | IPvX addrs
 * </pre>
 */
public final class VrrpCodec {

    /** Fixed part of both versions, up to and including the checksum. */
    public static final int HEADER_LENGTH = 8;
    /** v2 only: authentication data after the addresses. */
    public static final int V2_AUTH_LENGTH = 8;
    /** The count field is 8 bits wide; RFC 9568 asks for at least 1. */
    public static final int MAX_ADDRESSES = 255;
    public static final int V2_MAX_INTERVAL_SECONDS = 255;
    public static final int V3_MAX_INTERVAL_CENTISECONDS = 0x0FFF;
    public static final int AUTH_NONE = 0;
    /** Simple text password: deprecated by RFC 3768 but still offered by keepalived ({@code auth_pass}). */
    public static final int AUTH_PASSWORD = 1;
    /** Where advertisements go unless unicast peers are configured. */
    public static final InetAddress IPV4_GROUP = address(224, 0, 0, 18);
    public static final InetAddress IPV6_GROUP = address(0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12);

    private static final int CHECKSUM_OFFSET = 6;
    private static final int V3_INTERVAL_MASK = 0x0FFF;

    private VrrpCodec() {
    }

    /**
     * Builds an advertisement with its checksum (v2: over the VRRP message; v3: over the IPv4 or
     * IPv6 pseudo-header too, so {@code source} must be the address the packet will leave from).
     * The packet's own checksum component is ignored.
     *
     * @throws IllegalArgumentException naming the first field out of range
     */
    public static byte[] encode(VrrpPacket p, InetAddress source, InetAddress destination) {
        boolean ipv6 = validate(p, source, destination);
        boolean v2 = p.version() == 2;
        int count = p.addresses().size();
        ByteBuffer b = ByteBuffer.allocate(expectedLength(p.version(), count, ipv6));
        b.put((byte) (p.version() << 4 | VrrpPacket.TYPE_ADVERTISEMENT));
        b.put((byte) p.vrid()).put((byte) p.priority()).put((byte) count);
        if (v2) {
            b.put((byte) p.authType()).put((byte) p.advertInterval());
        } else {
            b.putShort((short) p.advertInterval()); // reserved bits stay zero, as keepalived sends them
        }
        b.putShort((short) 0);
        p.addresses().forEach(a -> b.put(a.getAddress()));
        if (v2) {
            b.put(isEmpty(p.authData()) ? new byte[V2_AUTH_LENGTH] : p.authData());
        }
        byte[] out = b.array();
        long pseudo = v2 ? 0 : pseudoHeaderSum(source.getAddress(), destination.getAddress(), out.length);
        int checksum = checksum(out, pseudo);
        out[CHECKSUM_OFFSET] = (byte) (checksum >>> 8);
        out[CHECKSUM_OFFSET + 1] = (byte) checksum;
        return out;
    }

    /**
     * Parses and checks what can be checked without an instance: length, version, type, address
     * count against length, checksum, vrid. v3 reserved bits are ignored, as RFC 9568 says and
     * keepalived does. TTL, authentication and the match against our configuration are the
     * receiving instance's checks.
     *
     * @param payload     the bytes after the IP header, trimmed to the IP length (no Ethernet padding)
     * @param source      IP source, needed for the v3 pseudo-header
     * @param destination IP destination, needed for the v3 pseudo-header
     * @param ipv6        whether the packet came over IPv6 (decides the address size)
     * @throws VrrpDecodeException for any packet it refuses; never any other exception
     */
    public static VrrpPacket decode(byte[] payload, InetAddress source, InetAddress destination, boolean ipv6)
            throws VrrpDecodeException {
        int length = payload == null ? 0 : payload.length;
        if (length < HEADER_LENGTH) {
            throw new VrrpDecodeException(DropReason.TOO_SHORT, length + " bytes, the header is " + HEADER_LENGTH);
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        int versionType = u8(b);
        int version = versionType >>> 4;
        if (version != 2 && version != 3) {
            throw new VrrpDecodeException(DropReason.BAD_VERSION, "version " + version);
        }
        if (version == 2 && ipv6) {
            // RFC 3768 is IPv4 only; keepalived refuses v2 with IPv6 too
            throw new VrrpDecodeException(DropReason.BAD_VERSION, "version 2 over IPv6");
        }
        int type = versionType & 0x0F;
        if (type != VrrpPacket.TYPE_ADVERTISEMENT) {
            throw new VrrpDecodeException(DropReason.BAD_TYPE, "type " + type);
        }
        int vrid = u8(b);
        int priority = u8(b);
        int count = u8(b);
        int expected = expectedLength(version, count, ipv6);
        if (length != expected) {
            // keepalived drops too long packets as well as short ones
            throw new VrrpDecodeException(DropReason.BAD_LENGTH,
                    count + " addresses need " + expected + " bytes, got " + length);
        }
        int authType = AUTH_NONE;
        int interval;
        if (version == 2) {
            authType = u8(b);
            interval = u8(b);
        } else {
            interval = u16(b) & V3_INTERVAL_MASK;
        }
        int checksum = u16(b);
        verifyChecksum(payload, version, source, destination, ipv6);
        if (vrid == 0) {
            throw new VrrpDecodeException(DropReason.BAD_VRID, null);
        }
        List<InetAddress> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] raw = new byte[ipv6 ? 16 : 4];
            b.get(raw);
            addresses.add(fromWire(raw));
        }
        byte[] authData = new byte[version == 2 ? V2_AUTH_LENGTH : 0];
        b.get(authData);
        return new VrrpPacket(version, vrid, priority, interval, authType, authData, List.copyOf(addresses),
                checksum);
    }

    /**
     * Whether the payload's checksum is right for these IP addresses, by its version's rule.
     * Lets a receiver retry a v3 IPv4 unicast packet against {@link #IPV4_GROUP}, as keepalived
     * does for peers that predate its unicast checksum fix. False for anything malformed.
     */
    public static boolean checksumValid(byte[] payload, InetAddress source, InetAddress destination, boolean ipv6) {
        if (payload == null || payload.length < HEADER_LENGTH) {
            return false;
        }
        int version = (payload[0] & 0xFF) >>> 4;
        if (version != 2 && version != 3) {
            return false;
        }
        try {
            verifyChecksum(payload, version, source, destination, ipv6);
            return true;
        } catch (VrrpDecodeException e) {
            return false;
        }
    }

    /** v2 simple password as keepalived's {@code auth_pass}: UTF-8, zero padded, cut at 8 bytes. */
    public static byte[] authData(String password) {
        if (password == null) {
            throw new IllegalArgumentException("password is required");
        }
        return Arrays.copyOf(password.getBytes(StandardCharsets.UTF_8), V2_AUTH_LENGTH);
    }

    /** One line for logs, e.g. {@code v2 vrid 51 prio 150 int 1s addrs [192.0.2.100]}; never the password. */
    public static String describe(VrrpPacket p) {
        if (p == null) {
            return "null";
        }
        String interval = p.version() == 3
                ? BigDecimal.valueOf(p.advertInterval(), 2).stripTrailingZeros().toPlainString() + "s"
                : p.advertInterval() + "s";
        StringBuilder s = new StringBuilder()
                .append('v').append(p.version())
                .append(" vrid ").append(p.vrid())
                .append(" prio ").append(p.priority())
                .append(" int ").append(interval)
                .append(" addrs [");
        if (p.addresses() != null) {
            for (int i = 0; i < p.addresses().size(); i++) {
                InetAddress a = p.addresses().get(i);
                s.append(i == 0 ? "" : ", ").append(a == null ? "null" : a.getHostAddress());
            }
        }
        s.append(']');
        if (p.authType() == AUTH_PASSWORD) {
            s.append(" auth pass");
        } else if (p.authType() != AUTH_NONE) {
            s.append(" auth type ").append(p.authType());
        }
        return s.toString();
    }

    /** VRRP message length for a version, address count and family. */
    public static int expectedLength(int version, int count, boolean ipv6) {
        return HEADER_LENGTH + count * (ipv6 ? 16 : 4) + (version == 2 ? V2_AUTH_LENGTH : 0);
    }

    /** @return whether the packet is IPv6 */
    private static boolean validate(VrrpPacket p, InetAddress source, InetAddress destination) {
        if (p == null) {
            throw new IllegalArgumentException("packet is required");
        }
        if (p.version() != 2 && p.version() != 3) {
            throw new IllegalArgumentException("version " + p.version() + " is not 2 or 3");
        }
        range("vrid", p.vrid(), 1, 255);
        range("priority", p.priority(), 0, 255);
        if (p.version() == 2) {
            range("v2 advert interval (s)", p.advertInterval(), 1, V2_MAX_INTERVAL_SECONDS);
            if (p.authType() != AUTH_NONE && p.authType() != AUTH_PASSWORD) {
                throw new IllegalArgumentException("v2 auth type " + p.authType() + " is not 0 (none) or 1 (password)");
            }
            if (!isEmpty(p.authData()) && p.authData().length != V2_AUTH_LENGTH) {
                throw new IllegalArgumentException("v2 auth data is " + p.authData().length + " bytes, must be 8");
            }
        } else {
            range("v3 advert interval (cs)", p.advertInterval(), 1, V3_MAX_INTERVAL_CENTISECONDS);
            if (p.authType() != AUTH_NONE || !isEmpty(p.authData())) {
                throw new IllegalArgumentException("v3 has no authentication");
            }
        }
        List<InetAddress> addresses = p.addresses();
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one virtual address is required");
        }
        range("address count", addresses.size(), 1, MAX_ADDRESSES);
        if (source == null || destination == null) {
            throw new IllegalArgumentException("source and destination are required");
        }
        boolean ipv6 = source instanceof Inet6Address;
        if (ipv6 && p.version() == 2) {
            throw new IllegalArgumentException("VRRPv2 is IPv4 only");
        }
        if ((destination instanceof Inet6Address) != ipv6) {
            throw new IllegalArgumentException("source " + source.getHostAddress() + " and destination "
                    + destination.getHostAddress() + " are of different families");
        }
        for (InetAddress a : addresses) {
            if (a == null || (a instanceof Inet6Address) != ipv6) {
                throw new IllegalArgumentException("virtual address " + (a == null ? "null" : a.getHostAddress())
                        + " is not " + (ipv6 ? "IPv6" : "IPv4") + " like the source");
            }
        }
        return ipv6;
    }

    private static void verifyChecksum(byte[] payload, int version, InetAddress source, InetAddress destination,
                                       boolean ipv6) throws VrrpDecodeException {
        long pseudo = 0;
        if (version == 3) {
            int size = ipv6 ? 16 : 4;
            byte[] src = source == null ? null : source.getAddress();
            byte[] dst = destination == null ? null : destination.getAddress();
            if (src == null || dst == null || src.length != size || dst.length != size) {
                throw new VrrpDecodeException(DropReason.BAD_CHECKSUM, "no " + (ipv6 ? "IPv6" : "IPv4")
                        + " source and destination to verify the pseudo-header with");
            }
            pseudo = pseudoHeaderSum(src, dst, payload.length);
        }
        // summed with the stored checksum, a right packet complements to 0 (0x0000 and 0xffff both pass)
        if (checksum(payload, pseudo) != 0) {
            byte[] zeroed = payload.clone();
            zeroed[CHECKSUM_OFFSET] = 0;
            zeroed[CHECKSUM_OFFSET + 1] = 0;
            int stored = (payload[CHECKSUM_OFFSET] & 0xFF) << 8 | payload[CHECKSUM_OFFSET + 1] & 0xFF;
            throw new VrrpDecodeException(DropReason.BAD_CHECKSUM, String.format("0x%04x, expected 0x%04x%s",
                    stored, checksum(zeroed, pseudo), version == 3 ? " over the IP pseudo-header" : ""));
        }
    }

    /** Unfolded sum of the IPv4 (RFC 768 style) or IPv6 (RFC 8200 8.1) pseudo-header. */
    private static long pseudoHeaderSum(byte[] source, byte[] destination, int vrrpLength) {
        boolean ipv6 = source.length == 16;
        ByteBuffer ph = ByteBuffer.allocate(ipv6 ? 40 : 12).put(source).put(destination);
        if (ipv6) {
            ph.putInt(vrrpLength).put(new byte[3]).put((byte) VrrpPacket.PROTOCOL);
        } else {
            ph.put((byte) 0).put((byte) VrrpPacket.PROTOCOL).putShort((short) vrrpLength);
        }
        return sum(ph.array(), 0);
    }

    /** RFC 1071 Internet checksum of {@code data} on top of an unfolded partial sum. */
    private static int checksum(byte[] data, long partial) {
        long s = sum(data, partial);
        while (s >>> 16 != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) ~s & 0xFFFF;
    }

    private static long sum(byte[] data, long partial) {
        long s = partial;
        for (int i = 0; i < data.length; i += 2) {
            int low = i + 1 < data.length ? data[i + 1] & 0xFF : 0;
            s += (data[i] & 0xFF) << 8 | low;
        }
        return s;
    }

    /** Keeps 16-byte addresses IPv6: InetAddress.getByAddress turns ::ffff:a.b.c.d into an Inet4Address. */
    private static InetAddress fromWire(byte[] raw) {
        try {
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + raw.length + " bytes", e); // unreachable: 4 or 16
        }
    }

    private static InetAddress address(int... octets) {
        byte[] raw = new byte[octets.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) octets[i];
        }
        return fromWire(raw);
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside " + min + "-" + max);
        }
    }

    private static boolean isEmpty(byte[] bytes) {
        return bytes == null || bytes.length == 0;
    }

    private static int u8(ByteBuffer b) {
        return b.get() & 0xFF;
    }

    private static int u16(ByteBuffer b) {
        return b.getShort() & 0xFFFF;
    }
}
