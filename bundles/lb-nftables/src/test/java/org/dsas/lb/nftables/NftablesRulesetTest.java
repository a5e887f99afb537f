package org.dsas.lb.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.DataplaneException;
import org.dsas.lb.dataplane.DataplaneException.Reason;
import org.junit.jupiter.api.Test;

/** The nft text generated for services and real servers. */
class NftablesRulesetTest {

    static Endpoint ep(String host, int port) throws Exception {
        return new Endpoint(InetAddress.getByName(host), port);
    }

    static RealServer rs(String host, int port, int weight) throws Exception {
        return RealServer.of(ep(host, port), ForwardMethod.MASQUERADE, weight);
    }

    static final String R = "r_tcp_192.0.2.100_80_198.51.100.";

    @Test
    void weightedRoundRobinExpandsWeightsIntoRangesAndSkipsWeightZero() throws Exception {
        ServiceKey k = ServiceKey.of(Protocol.TCP, ep("192.0.2.100", 80));
        VirtualService s = VirtualService.of(k, "wrr");
        assertEquals("numgen inc mod 6 vmap { 0-2 : goto " + R + "1_80, 3-4 : goto " + R + "2_80, 5 : goto " + R
                + "3_80 } comment \"TCP 192.0.2.100:80 scheduler=wrr flags=0x0\"",
                NftablesRuleset.dispatch(s, List.of(rs("198.51.100.3", 80, 1), rs("198.51.100.1", 80, 3),
                        rs("198.51.100.4", 80, 0), rs("198.51.100.2", 80, 2))));
    }

    @Test
    void roundRobinIgnoresWeightsButNotWeightZero() throws Exception {
        VirtualService s = VirtualService.of(ServiceKey.of(Protocol.TCP, ep("192.0.2.100", 80)), "rr");
        assertEquals("numgen inc mod 2 vmap { 0 : goto " + R + "1_80, 1 : goto " + R + "3_80 }"
                + " comment \"TCP 192.0.2.100:80 scheduler=rr flags=0x0\"",
                NftablesRuleset.dispatch(s, List.of(rs("198.51.100.1", 80, 5), rs("198.51.100.2", 80, 0),
                        rs("198.51.100.3", 80, 1))));
    }

    @Test
    void noServerTakingNewConnectionsDrops() throws Exception {
        VirtualService s = VirtualService.of(ServiceKey.of(Protocol.UDP, ep("192.0.2.100", 53)), "rr");
        assertEquals("drop comment \"UDP 192.0.2.100:53 scheduler=rr flags=0x0\"",
                NftablesRuleset.dispatch(s, List.of(rs("198.51.100.1", 53, 0))));
    }

    @Test
    void hashSchedulersHashTheRightFields() throws Exception {
        ServiceKey v6 = ServiceKey.of(Protocol.TCP, ep("2001:db8::10", 443));
        RealServer a = rs("2001:db8::1", 443, 1);
        String sh = NftablesRuleset.dispatch(VirtualService.of(v6, "sh"), List.of(a));
        assertTrue(sh.startsWith("jhash ip6 saddr mod 1 seed 0x44534153 vmap { 0 : goto r_tcp_2001.db8"), sh);
        String shPort = NftablesRuleset.dispatch(
                new VirtualService(v6, "sh", 0, 128, VirtualService.FLAG_SCHED2, List.of()), List.of(a));
        assertTrue(shPort.startsWith("jhash ip6 saddr . th sport mod 1 seed"), shPort);
        String dh = NftablesRuleset.dispatch(VirtualService.of(ServiceKey.fwmark(9, false), "dh"),
                List.of(rs("198.51.100.1", 0, 4)));
        assertTrue(dh.startsWith("jhash ip daddr mod 4 seed 0x44534153 vmap { 0-3 : goto r_fwm4_9_198.51.100.1_0 }"),
                dh);
    }

    @Test
    void dnatRulesPerFamilyAndPort() throws Exception {
        ServiceKey tcp6 = ServiceKey.of(Protocol.TCP, ep("2001:db8::10", 443));
        assertEquals("meta l4proto tcp counter name \"cc_tcp_2001.db8.0.0.0.0.0.10_443_2001.db8.0.0.0.0.0.1_8443\""
                + " dnat ip6 to [2001:db8:0:0:0:0:0:1]:8443 comment \"[2001:db8::1]:8443 weight=2\"",
                NftablesRuleset.dnat(tcp6, rs("2001:db8::1", 8443, 2)));
        ServiceKey mark = ServiceKey.fwmark(3, false);
        assertEquals("counter name \"cc_fwm4_3_198.51.100.1_0\" dnat ip to 198.51.100.1"
                + " comment \"198.51.100.1:0 weight=1\"", NftablesRuleset.dnat(mark, rs("198.51.100.1", 0, 1)));
        assertTrue(NftablesRuleset.dnat(mark, rs("198.51.100.1", 80, 1))
                .startsWith("meta l4proto { tcp, udp, sctp } counter"));
    }

    @Test
    void addServiceCreatesItsObjectsAtomicallyAndDeleteRemovesExactlyThem() throws Exception {
        ServiceKey k = ServiceKey.of(Protocol.TCP, ep("192.0.2.100", 80));
        String add = NftablesRuleset.addService(VirtualService.of(k, "rr"));
        assertTrue(add.startsWith("create chain inet dsas_lb s_tcp_192.0.2.100_80\n"), add);
        assertTrue(add.contains("add rule inet dsas_lb count meta l4proto tcp ct original ip daddr 192.0.2.100"
                + " ct original proto-dst 80 goto k_tcp_192.0.2.100_80 comment \"k_tcp_192.0.2.100_80\"\n"), add);
        assertTrue(add.endsWith("add element inet dsas_lb svc4 { 192.0.2.100 . tcp . 80 : jump s_tcp_192.0.2.100_80 }\n"),
                add);

        VirtualService s = VirtualService.of(k, "rr").withServers(List.of(rs("198.51.100.1", 80, 1)));
        String del = NftablesRuleset.deleteService(s, 42);
        assertTrue(del.startsWith("delete element inet dsas_lb svc4 { 192.0.2.100 . tcp . 80 }\n"), del);
        assertTrue(del.contains("delete rule inet dsas_lb count handle 42\n"), del);
        for (String line : del.split("\n")) {
            assertTrue(line.contains("_tcp_192.0.2.100_80") || line.contains("192.0.2.100 . tcp . 80")
                    || line.endsWith("handle 42"), "touches another service's object: " + line);
            assertTrue(!line.startsWith("flush table") && !line.startsWith("delete table"), line);
        }
    }

    @Test
    void addServerAddsItsObjectsAndReplacesOnlyTheDispatchRule() throws Exception {
        ServiceKey k = ServiceKey.of(Protocol.TCP, ep("192.0.2.100", 80));
        VirtualService current = VirtualService.of(k, "wrr").withServers(List.of(rs("198.51.100.1", 80, 2)));
        String add = NftablesRuleset.addServer(current, rs("198.51.100.2", 80, 1));
        assertEquals(List.of(
                "add counter inet dsas_lb cc_tcp_192.0.2.100_80_198.51.100.2_80",
                "create chain inet dsas_lb " + R + "2_80",
                "add rule inet dsas_lb " + R + "2_80 meta l4proto tcp counter name"
                        + " \"cc_tcp_192.0.2.100_80_198.51.100.2_80\" dnat ip to 198.51.100.2:80"
                        + " comment \"198.51.100.2:80 weight=1\"",
                "add counter inet dsas_lb ci_tcp_192.0.2.100_80_198.51.100.2_80",
                "add counter inet dsas_lb co_tcp_192.0.2.100_80_198.51.100.2_80",
                "add element inet dsas_lb kin_tcp_192.0.2.100_80 { 198.51.100.2 . 80 :"
                        + " \"ci_tcp_192.0.2.100_80_198.51.100.2_80\" }",
                "add element inet dsas_lb kout_tcp_192.0.2.100_80 { 198.51.100.2 . 80 :"
                        + " \"co_tcp_192.0.2.100_80_198.51.100.2_80\" }",
                "flush chain inet dsas_lb s_tcp_192.0.2.100_80",
                "add rule inet dsas_lb s_tcp_192.0.2.100_80 numgen inc mod 3 vmap { 0-1 : goto " + R + "1_80,"
                        + " 2 : goto " + R + "2_80 } comment \"TCP 192.0.2.100:80 scheduler=wrr flags=0x0\""),
                List.of(add.split("\n")));
    }

    @Test
    void refusesWhatNftablesCannotDo() throws Exception {
        ServiceKey k = ServiceKey.of(Protocol.TCP, ep("192.0.2.100", 80));
        DataplaneException lc = assertThrows(DataplaneException.class,
                () -> NftablesRuleset.check(VirtualService.of(k, "wlc")));
        assertEquals(Reason.UNSUPPORTED, lc.reason());
        assertEquals("service TCP 192.0.2.100:80: scheduler wlc not supported by nftables (it has no connection"
                + " counts); supported: rr, wrr, sh, dh, mh", lc.getMessage());
        assertEquals(Reason.UNSUPPORTED, assertThrows(DataplaneException.class, () -> NftablesRuleset.check(
                new VirtualService(k, "rr", 300, 32, 0, List.of()))).reason());
        assertEquals(Reason.UNSUPPORTED, assertThrows(DataplaneException.class, () -> NftablesRuleset.check(
                new VirtualService(k, "rr", 0, 32, VirtualService.FLAG_ONEPACKET, List.of()))).reason());
        DataplaneException dr = assertThrows(DataplaneException.class, () -> NftablesRuleset.check(k,
                RealServer.of(ep("198.51.100.1", 80), ForwardMethod.GATEWAY, 1)));
        assertEquals("real server 198.51.100.1:80 of TCP 192.0.2.100:80: forwarding Route not supported by nftables"
                + " (only Masq: DNAT)", dr.getMessage());
        assertEquals(Reason.UNSUPPORTED, assertThrows(DataplaneException.class, () -> NftablesRuleset.check(k,
                new RealServer(ep("198.51.100.1", 80), ForwardMethod.MASQUERADE, 1, 100, 10))).reason());
        assertEquals(Reason.INVALID, assertThrows(DataplaneException.class,
                () -> NftablesRuleset.check(k, rs("2001:db8::1", 80, 1))).reason());
    }

    @Test
    void nftErrorsBecomeOneLineWithTheirReason() {
        String stderr = "/dev/stdin:1:27-34: Error: Could not process rule: File exists\n"
                + "create chain inet dsas_lb s_tcp_192.0.2.100_80\n"
                + "                          ^^^^^^^^^^^^^^^^^^^^\n";
        String line = NftCommand.condense(stderr);
        assertEquals("Could not process rule: File exists (create chain inet dsas_lb s_tcp_192.0.2.100_80)", line);
        assertEquals(Reason.EXISTS, NftCommand.reason(line));
        assertEquals(Reason.MISSING, NftCommand.reason(NftCommand.condense(
                "Error: Could not process rule: No such file or directory\nlist table inet dsas_lb\n")));
        assertEquals(Reason.PERMISSION, NftCommand.reason("Operation not permitted"));
    }
}
