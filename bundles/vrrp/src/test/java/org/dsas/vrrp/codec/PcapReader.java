package org.dsas.vrrp.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough of classic libpcap (not pcapng) to feed codec tests: Ethernet frames, and the
 * IPv4 header fields a VRRP receiver sees. Fails loudly on anything else rather than guessing.
 */
final class PcapReader {

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int LINKTYPE_ETHERNET = 1;

    /** One captured Ethernet frame. */
    record Frame(long timestampMicros, byte[] data) {

        int etherType() {
            int type = u16(data, 12);
            return type == ETHERTYPE_VLAN ? u16(data, 16) : type;
        }

        /** Bytes after the Ethernet (and 802.1Q) header. */
        byte[] l3() {
            int offset = u16(data, 12) == ETHERTYPE_VLAN ? 18 : 14;
            return Arrays.copyOfRange(data, offset, data.length);
        }

        /** The IPv4 packet in this frame, or null if it carries something else. */
        Ipv4Packet ipv4() {
            return etherType() == ETHERTYPE_IPV4 ? Ipv4Packet.parse(timestampMicros, l3()) : null;
        }
    }

    /** The IPv4 header fields a receiver gets, and the payload trimmed to the IP total length. */
    record Ipv4Packet(long timestampMicros, int tos, int identification, int ttl, int protocol,
                      InetAddress source, InetAddress destination, byte[] payload) {

        static Ipv4Packet parse(long timestampMicros, byte[] ip) {
            if (ip.length < 20 || (ip[0] & 0xF0) != 0x40) {
                throw new IllegalArgumentException("not an IPv4 header");
            }
            int headerLength = (ip[0] & 0x0F) * 4;
            int totalLength = u16(ip, 2);
            if (headerLength < 20 || totalLength < headerLength || totalLength > ip.length) {
                throw new IllegalArgumentException("IPv4 header length " + headerLength + ", total " + totalLength
                        + ", captured " + ip.length);
            }
            // total length, not the frame size: Ethernet pads short frames to 60 bytes
            return new Ipv4Packet(timestampMicros, ip[1] & 0xFF, u16(ip, 4), ip[8] & 0xFF, ip[9] & 0xFF,
                    address(ip, 12), address(ip, 16), Arrays.copyOfRange(ip, headerLength, totalLength));
        }
    }

    private PcapReader() {
    }

    /** Reads a classpath resource, e.g. {@code /captures/x.pcap}. */
    static List<Frame> readResource(String name) {
        try (InputStream in = PcapReader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Frame> read(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic == 0xD4C3B2A1 || magic == 0x4D3CB2A1) {
            b.order(ByteOrder.BIG_ENDIAN); // written on a big-endian host
            magic = b.getInt(0);
        }
        boolean nanos = magic == 0xA1B23C4D;
        if (magic != 0xA1B2C3D4 && !nanos) {
            throw new IllegalArgumentException(String.format("not a classic pcap file (magic 0x%08x)", magic));
        }
        int linkType = b.getInt(20);
        if (linkType != LINKTYPE_ETHERNET) {
            throw new IllegalArgumentException("link type " + linkType + ", only Ethernet (1) is read");
        }
        b.position(24);
        List<Frame> frames = new ArrayList<>();
        while (b.remaining() >= 16) {
            long seconds = b.getInt() & 0xFFFFFFFFL;
            long fraction = b.getInt() & 0xFFFFFFFFL;
            int captured = b.getInt();
            b.getInt(); // original length: a snapped frame is still usable for its headers
            if (captured < 0 || captured > b.remaining()) {
                throw new IllegalArgumentException("truncated record at offset " + (b.position() - 16));
            }
            byte[] data = new byte[captured];
            b.get(data);
            frames.add(new Frame(seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction), data));
        }
        return frames;
    }

    private static int u16(byte[] data, int offset) {
        return (data[offset] & 0xFF) << 8 | data[offset + 1] & 0xFF;
    }

    private static InetAddress address(byte[] data, int offset) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(data, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 bytes is always a valid length
        }
    }
}
