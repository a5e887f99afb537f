package org.dsas.lb.ipvs;

import org.dsas.testsupport.StraceDump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.dsas.lb.api.Counters;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;
import org.junit.jupiter.api.Test;

/**
 * IpvsCodec against what ipvsadm 1.31 sent to, and the Debian 6.1 kernel answered over, generic
 * netlink (src/test/resources/org/dsas/lb/ipvs/captured, see its README.md). Requests must be the
 * same attribute bytes as ipvsadm's for the same command (sequence and port id aside).
 */
class IpvsCodecTest {

    /** The IPVS family id the guest's kernel gave (nlctrl reply in every capture). */
    private static final int IPVS_TYPE = 0x20;

    private final IpvsCodec codec = new IpvsCodec(ByteOrder.LITTLE_ENDIAN);

    private static final ServiceKey TCP80 = ServiceKey.of(Protocol.TCP, ep("10.0.0.1", 80));
    private static final ServiceKey V6_443 = ServiceKey.of(Protocol.TCP, ep("2001:db8::1", 443));

    @Test
    void serviceRequestsAreIpvsadms() throws Exception {
        assertRequest("new-service-tcp", IpvsCodec.CMD_NEW_SERVICE, codec.service(VirtualService.of(TCP80, "rr")));
        assertRequest("new-service-fwmark-persistent", IpvsCodec.CMD_NEW_SERVICE,
                codec.service(new VirtualService(ServiceKey.fwmark(1, false), "wlc", 300, 24, 0, List.of())));
        assertRequest("new-service-ipv6-sched-flags", IpvsCodec.CMD_NEW_SERVICE, codec.service(new VirtualService(
                V6_443, "sh", 0, 128, VirtualService.FLAG_SCHED1 | VirtualService.FLAG_SCHED2, List.of())));
        assertRequest("new-service-ipv6-fwmark-persistent", IpvsCodec.CMD_NEW_SERVICE,
                codec.service(new VirtualService(ServiceKey.fwmark(2, true), "mh", 60, 64, 0, List.of())));
        assertRequest("new-service-udp-onepacket", IpvsCodec.CMD_NEW_SERVICE, codec.service(new VirtualService(
                ServiceKey.of(Protocol.UDP, ep("10.0.0.1", 53)), "rr", 0, 32, VirtualService.FLAG_ONEPACKET,
                List.of())));
        assertRequest("new-service-udp-sip-pe", IpvsCodec.CMD_NEW_SERVICE, codec.service(new VirtualService(
                ServiceKey.of(Protocol.UDP, ep("10.0.0.1", 5060)), "rr", 120, 32, 0, List.of()), "sip"));
        assertRequest("set-service", IpvsCodec.CMD_SET_SERVICE, codec.service(VirtualService.of(TCP80, "wlc")));
        assertRequest("del-service", IpvsCodec.CMD_DEL_SERVICE, codec.serviceOnly(TCP80));
        assertRequest("zero-service", IpvsCodec.CMD_ZERO, codec.serviceOnly(TCP80));
    }

    @Test
    void realServerRequestsAreIpvsadms() throws Exception {
        assertRequest("new-dest-masq", IpvsCodec.CMD_NEW_DEST,
                codec.dest(TCP80, RealServer.of(ep("10.0.0.2", 80), ForwardMethod.MASQUERADE, 3)));
        assertRequest("new-dest-tunnel-thresholds", IpvsCodec.CMD_NEW_DEST,
                codec.dest(TCP80, new RealServer(ep("10.0.0.3", 80), ForwardMethod.TUNNEL, 5, 100, 50)));
        assertRequest("new-dest-fwmark-route", IpvsCodec.CMD_NEW_DEST, codec.dest(ServiceKey.fwmark(1, false),
                RealServer.of(ep("10.0.0.4", 0), ForwardMethod.GATEWAY, 1)));
        assertRequest("new-dest-ipv6", IpvsCodec.CMD_NEW_DEST,
                codec.dest(V6_443, RealServer.of(ep("2001:db8:1::2", 443), ForwardMethod.MASQUERADE, 2)));
        assertRequest("set-dest", IpvsCodec.CMD_SET_DEST,
                codec.dest(TCP80, RealServer.of(ep("10.0.0.2", 80), ForwardMethod.MASQUERADE, 7)));
        assertRequest("del-dest", IpvsCodec.CMD_DEL_DEST, codec.destOnly(TCP80, ep("10.0.0.3", 80)));
        assertRequest("error-missing-dest", IpvsCodec.CMD_DEL_DEST, codec.destOnly(TCP80, ep("10.0.0.9", 80)));
    }

    @Test
    void globalRequestsAreIpvsadms() throws Exception {
        assertRequest("set-config", IpvsCodec.CMD_SET_CONFIG, codec.setConfig(new IpvsCodec.Timeouts(900, 120, 300)));
        assertRequest("get-config", IpvsCodec.CMD_GET_CONFIG, codec.none());
        assertRequest("flush", IpvsCodec.CMD_FLUSH, codec.none());
        assertRequest("zero-all", IpvsCodec.CMD_ZERO, codec.none());
        assertRequest("list", IpvsCodec.CMD_GET_INFO, codec.none());
        assertRequest("list", IpvsCodec.CMD_GET_SERVICE, codec.none());
    }

    @Test
    void destDumpRequestsNameTheServiceOnly() throws Exception {
        List<StraceDump.Message> gets = StraceDump.messages(StraceDump.load(IpvsCodecTest.class, "captured/list.strace").sent(), IPVS_TYPE)
                .stream().filter(m -> m.command() == IpvsCodec.CMD_GET_DEST).toList();
        List<ServiceKey> keys = List.of(TCP80, ServiceKey.of(Protocol.UDP, ep("10.0.0.1", 53)),
                ServiceKey.of(Protocol.UDP, ep("10.0.0.1", 5060)), V6_443, ServiceKey.fwmark(1, false),
                ServiceKey.fwmark(2, true));
        assertEquals(keys.size(), gets.size());
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(hex(gets.get(i).attributes()), HexFormat.of().formatHex(codec.destsOf(keys.get(i))),
                    keys.get(i).toString());
        }
    }

    @Test
    void decodesTheKernelsServiceDump() throws Exception {
        Map<ServiceKey, IpvsCodec.ServiceEntry> services = new TreeMap<>();
        for (StraceDump.Message m : replies("list", IpvsCodec.CMD_NEW_SERVICE)) {
            IpvsCodec.ServiceEntry e = codec.service(m.attributes());
            services.put(e.service().key(), e);
        }

        assertEquals(6, services.size(), services.keySet().toString());
        assertEquals(VirtualService.of(TCP80, "wlc"), services.get(TCP80).service());
        assertEquals(new VirtualService(ServiceKey.of(Protocol.UDP, ep("10.0.0.1", 53)), "rr", 0, 32,
                VirtualService.FLAG_ONEPACKET, List.of()),
                services.get(ServiceKey.of(Protocol.UDP, ep("10.0.0.1", 53))).service());
        IpvsCodec.ServiceEntry sip = services.get(ServiceKey.of(Protocol.UDP, ep("10.0.0.1", 5060)));
        assertEquals(new VirtualService(sip.service().key(), "rr", 120, 32, 0, List.of()), sip.service());
        assertEquals("sip", sip.peName());
        assertNull(services.get(TCP80).peName());
        assertEquals(new VirtualService(V6_443, "sh", 0, 128,
                VirtualService.FLAG_SCHED1 | VirtualService.FLAG_SCHED2, List.of()), services.get(V6_443).service());
        assertEquals(new VirtualService(ServiceKey.fwmark(1, false), "wlc", 300, 24, 0, List.of()),
                services.get(ServiceKey.fwmark(1, false)).service());
        assertEquals(new VirtualService(ServiceKey.fwmark(2, true), "mh", 60, 64, 0, List.of()),
                services.get(ServiceKey.fwmark(2, true)).service());
        // the one connection attempt: 1 connection, 2 SYNs (the retransmit), 120 bytes in (ipvsadm -Ln --stats)
        Counters tcp = services.get(TCP80).counters();
        assertEquals(List.of(1L, 2L, 0L, 120L, 0L), List.of(tcp.connections(), tcp.inPackets(), tcp.outPackets(),
                tcp.inBytes(), tcp.outBytes()));
    }

    @Test
    void decodesTheKernelsRealServerDump() throws Exception {
        List<ServerState> dests = replies("list", IpvsCodec.CMD_NEW_DEST).stream()
                .map(m -> codec.dest(m.attributes(), false)).toList();

        Map<Endpoint, ServerState> byEndpoint = dests.stream().collect(Collectors.toMap(d -> d.server().endpoint(),
                d -> d, (a, b) -> a, TreeMap::new));
        assertEquals(4, byEndpoint.size());
        assertEquals(RealServer.of(ep("10.0.0.2", 80), ForwardMethod.MASQUERADE, 7),
                byEndpoint.get(ep("10.0.0.2", 80)).server());
        ServerState tunnel = byEndpoint.get(ep("10.0.0.3", 80));
        assertEquals(new RealServer(ep("10.0.0.3", 80), ForwardMethod.TUNNEL, 5, 100, 50), tunnel.server());
        assertEquals(1, tunnel.activeConnections());   // ipvsadm -Ln: ActiveConn 1
        assertEquals(0, tunnel.inactiveConnections());
        assertEquals(List.of(1L, 2L, 120L), List.of(tunnel.counters().connections(), tunnel.counters().inPackets(),
                tunnel.counters().inBytes()));
        assertEquals(RealServer.of(ep("2001:db8:1::2", 443), ForwardMethod.MASQUERADE, 2),
                byEndpoint.get(ep("2001:db8:1::2", 443)).server());
        assertEquals(RealServer.of(ep("10.0.0.4", 0), ForwardMethod.GATEWAY, 1),
                byEndpoint.get(ep("10.0.0.4", 0)).server());
    }

    @Test
    void decodesInfoAndTimeouts() throws Exception {
        IpvsCodec.Info info = codec.info(replies("list", IpvsCodec.CMD_SET_INFO).get(0).attributes());
        assertEquals(0x010201, info.version());   // "IP Virtual Server version 1.2.1 (size=4096)"
        assertEquals(4096, info.connectionTableSize());
        assertEquals(new IpvsCodec.Timeouts(900, 120, 300),
                codec.timeouts(replies("get-config", IpvsCodec.CMD_SET_CONFIG).get(0).attributes()));
    }

    private void assertRequest(String capture, int command, byte[] ours) throws Exception {
        List<StraceDump.Message> sent = StraceDump.messages(StraceDump.load(IpvsCodecTest.class, "captured/" + capture + ".strace").sent(),
                IPVS_TYPE).stream().filter(m -> m.command() == command).toList();
        assertEquals(1, sent.size(), capture + ": one command " + command);
        assertEquals(hex(sent.get(0).attributes()), HexFormat.of().formatHex(ours), capture);
    }

    private static List<StraceDump.Message> replies(String capture, int command) throws Exception {
        return StraceDump.messages(StraceDump.load(IpvsCodecTest.class, "captured/" + capture + ".strace").received(), IPVS_TYPE).stream()
                .filter(m -> m.command() == command).toList();
    }

    private static String hex(java.nio.ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Endpoint ep(String address, int port) {
        try {
            return new Endpoint(InetAddress.getByName(address), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
