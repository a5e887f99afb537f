package org.dsas.kernel.internal;

import java.util.Arrays;

import org.dsas.kernel.api.KernelException;
import org.dsas.kernel.api.PacketSocket;

/**
 * A send-only packet socket on one interface: whole Ethernet frames go out
 * through sendto with a sockaddr_ll naming the interface and the frame's
 * destination. The socket is opened with protocol 0 on purpose: it never reads,
 * and one bound to ETH_P_ALL would make the kernel copy every frame the
 * interface sends or receives into a queue nobody drains.
 */
final class LinuxPacketSocket implements PacketSocket {

    private static final int ETHERNET_HEADER = 14;

    private final NativeSocket socket;
    private final String ifname;
    private final int ifindex;
    private final Structs structs = Structs.host();

    private LinuxPacketSocket(NativeSocket socket, String ifname, int ifindex) {
        this.socket = socket;
        this.ifname = ifname;
        this.ifindex = ifindex;
    }

    static LinuxPacketSocket open(String ifname) throws KernelException {
        String description = "packet socket on " + ifname;
        String operation = "open " + description;
        int fd = LibC.openSocket(operation, LibC.AF_PACKET, LibC.SOCK_RAW, 0);
        try {
            return new LinuxPacketSocket(new NativeSocket(fd, description), ifname,
                    LibC.interfaceIndex(operation, ifname));
        } catch (KernelException | RuntimeException e) {
            LibC.closeQuietly(fd);
            throw e;
        }
    }

    @Override
    public void send(byte[] frame) throws KernelException {
        if (frame.length < ETHERNET_HEADER) {
            throw new IllegalArgumentException("a frame of " + frame.length + " bytes has no Ethernet header");
        }
        int ethertype = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
        byte[] address = structs.sockaddrLl(ethertype, ifindex, Arrays.copyOfRange(frame, 0, 6));
        String operation = String.format("send %d-byte frame (ethertype 0x%04x) on %s", frame.length, ethertype,
                ifname);
        socket.use(operation, fd -> {
            LibC.sendTo(operation, fd, frame, address);
            return null;
        });
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return socket.description();
    }
}
