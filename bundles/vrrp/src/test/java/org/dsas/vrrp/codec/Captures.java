package org.dsas.vrrp.codec;

import java.util.List;
import java.util.Objects;

/** The keepalived captures under src/test/resources/captures, as the codec tests read them. */
final class Captures {

    static final String VRRP2 = "/captures/keepalived-vrrp2-advert1s-failover.pcap";
    static final String VRRP3 = "/captures/keepalived-vrrp3-advert100ms-failover.pcap";

    private Captures() {
    }

    /** Every IPv4 packet of IP protocol 112 in the capture, in capture order. */
    static List<PcapReader.Ipv4Packet> vrrp(String resource) {
        return PcapReader.readResource(resource).stream()
                .map(PcapReader.Frame::ipv4)
                .filter(Objects::nonNull)
                .filter(ip -> ip.protocol() == VrrpPacket.PROTOCOL)
                .toList();
    }
}
