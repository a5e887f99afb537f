package org.dsas.lb.command;

import static org.dsas.core.shell.ShellConsole.json;
import static org.dsas.core.shell.ShellConsole.linesPrintedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dsas.core.api.Json;
import org.dsas.lb.api.Counters;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.junit.jupiter.api.Test;

/** lb:list (plain, --stats, --rate, --json), lb:backend, lb:diff, lb:apply, lb:drain/undrain, lb:zero, lb:timeouts. */
class LbReportCommandsTest {

    static Endpoint ep(String address, int port) throws Exception {
        return new Endpoint(InetAddress.getByName(address), port);
    }

    static final Counters WEB = new Counters(120, 3000, 2800, 450000, 3900000, 2, 50, 47, 7500, 65000);
    static final Counters S1 = new Counters(80, 2000, 1900, 300000, 2600000, 1, 33, 31, 5000, 43000);
    static final Counters S2 = new Counters(40, 1000, 900, 150000, 1300000, 1, 17, 16, 2500, 22000);

    /** TCP 192.0.2.10:80 wrr with two real servers, and UDP [fd00:db8::10]:53 rr persistent 300 mask /64. */
    private final FakeLb lb = new FakeLb();

    LbReportCommandsTest() throws Exception {
        ServiceKey web = ServiceKey.of(Protocol.TCP, ep("192.0.2.10", 80));
        RealServer r1 = new RealServer(ep("198.51.100.1", 80), ForwardMethod.MASQUERADE, 3, 0, 0);
        RealServer r2 = RealServer.of(ep("198.51.100.2", 80), ForwardMethod.GATEWAY, 1);
        VirtualService webService = new VirtualService(web, "wrr", 0, 32, 0, List.of(r1, r2));
        ServiceKey dns = ServiceKey.of(Protocol.UDP, ep("fd00:db8::10", 53));
        VirtualService dnsService = new VirtualService(dns, "rr", 300, 64, VirtualService.FLAG_ONEPACKET, List.of());
        lb.services.add(webService);
        lb.services.add(dnsService);
        lb.running.add(new ServiceState(webService, WEB, List.of(new ServerState(r1, 2, 1, 0, S1),
                new ServerState(r2, 0, 5, 0, S2))));
        lb.running.add(new ServiceState(dnsService, Counters.ZERO, List.of()));
    }

    private LbList list() {
        LbList list = new LbList();
        list.lb = lb;
        return list;
    }

    @Test
    void listPrintsTheDataplaneLikeIpvsadmLn() throws Exception {
        assertEquals(List.of(
                "Dataplane nftables (auto: nft 1.0.6, table inet dsas_lb)",
                "Prot LocalAddress:Port Scheduler Flags",
                "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
                "TCP  192.0.2.10:80 wrr",
                "  -> 198.51.100.1:80              Masq    3      2          1",
                "  -> 198.51.100.2:80              Route   1      0          5",
                "UDP  [fd00:db8::10]:53 rr persistent 300 mask 64 ops"), linesPrintedBy(list()::execute));
    }

    @Test
    void statsAndRateShowTheCountersOfServicesAndServers() throws Exception {
        LbList stats = list();
        stats.stats = true;
        assertEquals(List.of(
                "Dataplane nftables (auto: nft 1.0.6, table inet dsas_lb)",
                "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes",
                "  -> RemoteAddress:Port",
                "TCP  192.0.2.10:80                     120     3000     2800   450000  3900000",
                "  -> 198.51.100.1:80                    80     2000     1900   300000  2600000",
                "  -> 198.51.100.2:80                    40     1000      900   150000  1300000",
                "UDP  [fd00:db8::10]:53                   0        0        0        0        0"),
                linesPrintedBy(stats::execute));

        LbList rate = list();
        rate.rate = true;
        List<String> lines = linesPrintedBy(rate::execute);
        assertEquals("Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS", lines.get(1));
        assertEquals("TCP  192.0.2.10:80                       2       50       47     7500    65000", lines.get(3));
        assertEquals("  -> 198.51.100.2:80                     1       17       16     2500    22000", lines.get(5));
    }

    @Test
    void listJsonCarriesEveryFigureAsNumbersUnderCamelCaseKeys() throws Exception {
        List<String> lines = linesPrintedBy(json(list())::execute);

        assertEquals(1, lines.size(), lines.toString());
        Map<?, ?> out = (Map<?, ?>) Json.parse(lines.get(0));
        assertEquals(List.of(), Json.nonCamelCaseKeys(out, Set.of()));
        assertEquals("nftables", out.get("backend"));
        assertEquals("auto: nft 1.0.6, table inet dsas_lb", out.get("reason"));
        assertEquals(List.of("ipvs: module ip_vs not loaded"), out.get("unavailable"));
        List<?> services = (List<?>) out.get("services");
        assertEquals(2, services.size());
        Map<?, ?> web = (Map<?, ?>) services.get(0);
        assertEquals("TCP 192.0.2.10:80", web.get("service"));
        assertEquals("wrr", web.get("scheduler"));
        assertEquals(0L, web.get("persistence"));
        assertEquals(Map.of("conns", 120L, "inPkts", 3000L, "outPkts", 2800L, "inBytes", 450000L, "outBytes", 3900000L,
                "cps", 2L, "inPps", 50L, "outPps", 47L, "inBps", 7500L, "outBps", 65000L), web.get("stats"));
        Map<?, ?> s1 = (Map<?, ?>) ((List<?>) web.get("servers")).get(0);
        assertEquals("198.51.100.1:80", s1.get("server"));
        assertEquals("Masq", s1.get("forward"));
        assertEquals(3L, s1.get("weight"));
        assertEquals(2L, s1.get("activeConns"));
        assertEquals(1L, s1.get("inactiveConns"));
        assertEquals(80L, ((Map<?, ?>) s1.get("stats")).get("conns"));
        Map<?, ?> dns = (Map<?, ?>) services.get(1);
        assertEquals("UDP [fd00:db8::10]:53", dns.get("service"));
        assertEquals(300L, dns.get("persistence"));
        assertEquals(64L, dns.get("persistenceNetmask"));
        assertEquals(true, dns.get("onePacket"));
        assertEquals(false, web.get("onePacket"));
        assertEquals("", web.get("flags"));
        assertEquals(List.of(), dns.get("servers"));

        // --stats/--rate change the text only: the JSON has every counter already
        LbList stats = json(list());
        stats.stats = true;
        assertEquals(lines, linesPrintedBy(stats::execute));
    }

    @Test
    void backendSaysWhichDataplaneRunsAndWhyNotTheOthersInTextAndJson() throws Exception {
        LbBackend backend = new LbBackend();
        backend.lb = lb;
        assertEquals(List.of("nftables: auto: nft 1.0.6, table inet dsas_lb",
                "  not used: ipvs: module ip_vs not loaded"), linesPrintedBy(backend::execute));

        List<String> lines = linesPrintedBy(json(backend)::execute);
        assertEquals(1, lines.size());
        // one JSON form of the dataplane: the same keys as lb:list --json starts with
        assertEquals(Map.of("backend", "nftables", "reason", "auto: nft 1.0.6, table inet dsas_lb",
                "unavailable", List.of("ipvs: module ip_vs not loaded")), Json.parse(lines.get(0)));
        Map<?, ?> listed = (Map<?, ?>) Json.parse(linesPrintedBy(json(list())::execute).get(0));
        listed.remove("services");
        assertEquals(Json.parse(lines.get(0)), listed);
    }

    @Test
    void diffListsTheChangesOrSaysNothingDiffersAndApplyPrintsWhatItChanged() throws Exception {
        LbDiff diff = new LbDiff();
        diff.lb = lb;
        assertEquals(List.of("the dataplane matches desired state"), linesPrintedBy(diff::execute));
        LbDiff emptyJson = json(new LbDiff());
        emptyJson.lb = lb;
        assertEquals(List.of(List.of()), linesPrintedBy(emptyJson::execute).stream().map(Json::parse).toList());

        ServiceKey web = lb.services.get(0).key();
        lb.changes.add(new LbService.Change(LbService.Change.Kind.ADD_SERVICE, web, "-A -t 192.0.2.10:80 -s wrr"));
        lb.changes.add(new LbService.Change(LbService.Change.Kind.ADD_SERVER, web,
                "-a -t 192.0.2.10:80 -r 198.51.100.1:80 -m -w 3"));
        diff = new LbDiff();
        diff.lb = lb;
        assertEquals(List.of("-A -t 192.0.2.10:80 -s wrr", "-a -t 192.0.2.10:80 -r 198.51.100.1:80 -m -w 3"),
                linesPrintedBy(diff::execute));
        List<String> lines = linesPrintedBy(json(diff)::execute);
        assertEquals(List.of(Map.of("kind", "ADD_SERVICE", "service", "TCP 192.0.2.10:80",
                "description", "-A -t 192.0.2.10:80 -s wrr"), Map.of("kind", "ADD_SERVER", "service",
                "TCP 192.0.2.10:80", "description", "-a -t 192.0.2.10:80 -r 198.51.100.1:80 -m -w 3")),
                Json.parse(lines.get(0)));

        LbApply apply = new LbApply();
        apply.lb = lb;
        assertEquals(List.of("-A -t 192.0.2.10:80 -s wrr", "-a -t 192.0.2.10:80 -r 198.51.100.1:80 -m -w 3"),
                linesPrintedBy(apply::execute));
        lb.changes.clear();
        assertEquals(List.of("no change to the dataplane"), linesPrintedBy(apply::execute));
        assertEquals(List.of("diff", "diff", "diff", "diff", "apply", "apply"), lb.calls);
    }

    @Test
    void applyRefusedByTheDataplaneIsOneLineError() {
        LbApply apply = new LbApply();
        apply.lb = lb;
        lb.refusal = "-a -t 192.0.2.10:8080 -r 198.51.100.1:80: scheduler 'lc' is not supported by the nftables dataplane";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, apply::execute);
        assertEquals(lb.refusal, e.getMessage());
    }

    @Test
    void drainPrintsTheConnectionsStillOpenAndUndrainNamesTheServer() throws Exception {
        RealServer r1 = lb.services.get(0).servers().get(0).withWeight(0);
        lb.drained.add(new ServerState(r1, 2, 1, 0, S1));
        lb.drained.add(new ServerState(r1, 4, 0, 0, S1));
        LbDrain drain = new LbDrain();
        drain.lb = lb;
        drain.server = "198.51.100.1:80";
        assertEquals(List.of("drained 198.51.100.1:80: 6 active, 1 inactive connection(s) still open"),
                linesPrintedBy(drain::execute));
        List<String> lines = linesPrintedBy(json(drain)::execute);
        assertEquals(List.of(Map.of("server", "198.51.100.1:80", "activeConns", 6L, "inactiveConns", 1L)),
                lines.stream().map(Json::parse).toList());

        LbUndrain undrain = new LbUndrain();
        undrain.lb = lb;
        undrain.server = "[fd00:db8::1]:80";
        assertEquals(List.of("undrained [fd00:db8::1]:80"), linesPrintedBy(undrain::execute));
        assertEquals(List.of("drain 198.51.100.1:80", "drain 198.51.100.1:80", "undrain [fd00:db8::1]:80"), lb.calls);
    }

    @Test
    void drainOfABadAddressIsOneLineAndCallsNothing() {
        LbDrain drain = new LbDrain();
        drain.lb = lb;
        drain.server = "198.51.100.1:70000";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, drain::execute);
        assertTrue(e.getMessage().contains("70000"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        LbUndrain undrain = new LbUndrain();
        undrain.lb = lb;
        undrain.server = "no-port";
        e = assertThrows(IllegalArgumentException.class, undrain::execute);
        assertTrue(e.getMessage().contains("no-port"), e.getMessage());
        assertEquals(List.of(), lb.calls);
    }

    @Test
    void zeroNamesTheServiceOrAll() throws Exception {
        LbZero all = new LbZero();
        all.lb = lb;
        assertEquals(List.of("zeroed all services"), linesPrintedBy(all::execute));
        LbZero one = new LbZero();
        one.lb = lb;
        one.fwmark = "7";
        one.ipv6 = true;
        assertEquals(List.of("zeroed FWM 7 IPv6"), linesPrintedBy(one::execute));
        assertEquals(List.of("zero null", "zero FWM 7 IPv6"), lb.calls);

        LbZero two = new LbZero();
        two.lb = lb;
        two.tcp = "192.0.2.10:80";
        two.udp = "192.0.2.10:53";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, two::execute);
        assertEquals("name the virtual service with exactly one of -t, -u, --sctp-service (address:port) or -f "
                + "(firewall mark)", e.getMessage());
        assertEquals(2, lb.calls.size());
    }

    @Test
    void timeoutsShowsAndSetsTheThreeNumbersInTextAndJson() throws Exception {
        LbTimeouts show = new LbTimeouts();
        show.lb = lb;
        assertEquals(List.of("Timeout (tcp tcpfin udp): 900 120 300"), linesPrintedBy(show::execute));
        assertEquals(List.of(Map.of("tcp", 900L, "tcpFin", 120L, "udp", 300L)),
                linesPrintedBy(json(show)::execute).stream().map(Json::parse).toList());

        LbTimeouts set = new LbTimeouts();
        set.lb = lb;
        set.tcp = "7200";
        set.tcpFin = "0";
        set.udp = "60";
        assertEquals(List.of("Timeout (tcp tcpfin udp): 7200 120 60"), linesPrintedBy(set::execute));
        assertEquals(List.of("setTimeouts tcp 7200 s, tcpfin 0 s, udp 60 s"), lb.calls);
    }

    @Test
    void timeoutsWithTooFewOrBadNumbersIsOneLineAndSetsNothing() {
        LbTimeouts two = new LbTimeouts();
        two.lb = lb;
        two.tcp = "7200";
        two.tcpFin = "10";
        assertEquals("give all three timeouts: tcp tcpfin udp (0 = unchanged)",
                assertThrows(IllegalArgumentException.class, two::execute).getMessage());
        LbTimeouts bad = new LbTimeouts();
        bad.lb = lb;
        bad.tcp = "7200";
        bad.tcpFin = "ten";
        bad.udp = "60";
        String message = assertThrows(IllegalArgumentException.class, bad::execute).getMessage();
        assertTrue(message.contains("tcpfin timeout") && message.contains("ten"), message);
        assertEquals(List.of(), lb.calls);

        // a dataplane without timeouts (nftables, proxy) refuses with its own line
        lb.refusal = "timeouts are IPVS's; the nftables dataplane has none";
        LbTimeouts show = new LbTimeouts();
        show.lb = lb;
        assertEquals(lb.refusal, assertThrows(IllegalArgumentException.class, show::execute).getMessage());
    }
}
