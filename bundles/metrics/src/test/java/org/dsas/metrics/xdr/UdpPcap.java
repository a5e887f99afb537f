package org.dsas.metrics.xdr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The UDP datagrams of a classic pcap of Ethernet/IPv4 frames: just what the codec tests feed on. */
public final class UdpPcap {

    /** One datagram: source address (dotted quad), destination port and payload. */
    public record Datagram(String source, int destinationPort, byte[] payload) {
    }

    private UdpPcap() {
    }

    public static List<Datagram> readResource(String name) {
        try (InputStream in = UdpPcap.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Datagram> read(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xA1B2C3D4 || b.getInt(20) != 1) {
            throw new IllegalArgumentException("not a little-endian microsecond pcap of Ethernet frames");
        }
        b.position(24);
        List<Datagram> out = new ArrayList<>();
        while (b.remaining() >= 16) {
            b.getInt();
            b.getInt();
            int captured = b.getInt();
            b.getInt();
            byte[] frame = new byte[captured];
            b.get(frame);
            int etherType = u16(frame, 12);
            if (etherType != 0x0800) {
                continue;
            }
            int ip = 14;
            int headerLength = (frame[ip] & 0x0F) * 4;
            if (frame[ip + 9] != 17) {
                continue;
            }
            int udp = ip + headerLength;
            int udpLength = u16(frame, udp + 4);
            String source = (frame[ip + 12] & 0xFF) + "." + (frame[ip + 13] & 0xFF) + "." + (frame[ip + 14] & 0xFF)
                    + "." + (frame[ip + 15] & 0xFF);
            out.add(new Datagram(source, u16(frame, udp + 2), Arrays.copyOfRange(frame, udp + 8, udp + udpLength)));
        }
        return out;
    }

    private static int u16(byte[] d, int o) {
        return (d[o] & 0xFF) << 8 | d[o + 1] & 0xFF;
    }
}
