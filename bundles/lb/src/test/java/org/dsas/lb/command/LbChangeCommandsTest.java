package org.dsas.lb.command;

import static org.dsas.core.shell.ShellConsole.linesPrintedBy;
import static org.dsas.lb.command.LbReportCommandsTest.ep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;
import org.junit.jupiter.api.Test;

/** lb:service-add/edit/delete and lb:server-add/edit/delete: ipvsadm's options in, one call, one line out. */
class LbChangeCommandsTest {

    private final FakeLb lb = new FakeLb();

    LbChangeCommandsTest() throws Exception {
        ServiceKey web = ServiceKey.of(Protocol.TCP, ep("192.0.2.10", 80));
        lb.services.add(new VirtualService(web, "wrr", 600, 24, VirtualService.FLAG_SCHED1, List.of(
                new RealServer(ep("198.51.100.1", 80), ForwardMethod.MASQUERADE, 3, 100, 50))));
    }

    private <T extends ServiceAction> T with(T command) {
        command.lb = lb;
        return command;
    }

    /** The one line a refused command gives (the shell prints it as "Error executing command: ..."). */
    private String refusal(Action command) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void serviceAddTakesIpvsadmsOptionsAndDefaults() throws Exception {
        ServiceAdd add = with(new ServiceAdd());
        add.tcp = "192.0.2.20:443";
        assertEquals(List.of("added TCP 192.0.2.20:443"), linesPrintedBy(add::execute));
        ServiceAdd udp = with(new ServiceAdd());
        udp.udp = "[fd00:db8::10]:53";
        udp.scheduler = "sh";
        udp.persistent = "300";
        udp.netmask = "64";
        udp.flags = "sh-port";
        udp.ops = true;
        assertEquals(List.of("added UDP [fd00:db8::10]:53"), linesPrintedBy(udp::execute));
        ServiceAdd mark = with(new ServiceAdd());
        mark.fwmark = "7";
        mark.scheduler = "rr";
        assertEquals(List.of("added FWM 7"), linesPrintedBy(mark::execute));

        assertEquals(List.of(
                "addService TCP 192.0.2.20:443 wlc p0/32 f0 servers 0",
                "addService UDP [fd00:db8::10]:53 sh p300/64 f" + (VirtualService.FLAG_ONEPACKET | VirtualService.FLAG_SCHED2)
                        + " servers 0",
                "addService FWM 7 rr p0/32 f0 servers 0"), lb.calls);
    }

    @Test
    void serviceAddRefusesBadInputWithOneLineAndCallsNothing() {
        ServiceAdd bad = with(new ServiceAdd());
        bad.tcp = "192.0.2.20:443";
        bad.scheduler = "fastest";
        assertTrue(refusal(bad).contains("fastest"));
        ServiceAdd none = with(new ServiceAdd());
        assertTrue(refusal(none).startsWith("name the virtual service with exactly one of -t"));
        ServiceAdd port = with(new ServiceAdd());
        port.tcp = "192.0.2.20:99999";
        assertTrue(refusal(port).contains("99999"));
        assertEquals(List.of(), lb.calls);

        // the service's own refusal (a dataplane that lacks the scheduler) is passed on as it is
        lb.refusal = "scheduler 'lc' is not supported by the nftables dataplane";
        ServiceAdd lc = with(new ServiceAdd());
        lc.tcp = "192.0.2.20:8080";
        lc.scheduler = "lc";
        assertEquals(lb.refusal, refusal(lc));
    }

    @Test
    void serviceEditKeepsWhatIsNotGiven() throws Exception {
        ServiceEdit edit = with(new ServiceEdit());
        edit.tcp = "192.0.2.10:80";
        edit.scheduler = "sh";
        assertEquals(List.of("edited TCP 192.0.2.10:80"), linesPrintedBy(edit::execute));
        ServiceEdit persistence = with(new ServiceEdit());
        persistence.tcp = "192.0.2.10:80";
        persistence.persistent = "60";
        assertEquals(List.of("edited TCP 192.0.2.10:80"), linesPrintedBy(persistence::execute));
        // persistence 600 with mask /24 and flag-1 are kept; the second edit keeps wrr (the fake changed nothing)
        assertEquals(List.of("editService TCP 192.0.2.10:80 sh p600/24 f" + VirtualService.FLAG_SCHED1,
                "editService TCP 192.0.2.10:80 wrr p60/24 f" + VirtualService.FLAG_SCHED1), lb.calls);
    }

    @Test
    void serviceEditOfAnUnknownServiceIsOneLine() {
        ServiceEdit edit = with(new ServiceEdit());
        edit.tcp = "192.0.2.99:80";
        edit.scheduler = "rr";
        assertEquals("no virtual service TCP 192.0.2.99:80", refusal(edit));
        assertEquals(List.of(), lb.calls);
    }

    @Test
    void serviceDeleteNamesTheService() throws Exception {
        ServiceDelete delete = with(new ServiceDelete());
        delete.tcp = "192.0.2.10:80";
        assertEquals(List.of("deleted TCP 192.0.2.10:80"), linesPrintedBy(delete::execute));
        ServiceDelete sctp = with(new ServiceDelete());
        sctp.sctp = "192.0.2.10:3868";
        assertEquals(List.of("deleted SCTP 192.0.2.10:3868"), linesPrintedBy(sctp::execute));
        assertEquals(List.of("deleteService TCP 192.0.2.10:80", "deleteService SCTP 192.0.2.10:3868"), lb.calls);

        lb.refusal = "no virtual service TCP 192.0.2.11:80";
        ServiceDelete unknown = with(new ServiceDelete());
        unknown.tcp = "192.0.2.11:80";
        assertEquals(lb.refusal, refusal(unknown));
    }

    @Test
    void serverAddDefaultsToGatewayingWeightOneAsIpvsadm() throws Exception {
        ServerAdd add = with(new ServerAdd());
        add.tcp = "192.0.2.10:80";
        add.real = "198.51.100.2:80";
        assertEquals(List.of("added 198.51.100.2:80 to TCP 192.0.2.10:80"), linesPrintedBy(add::execute));
        ServerAdd nat = with(new ServerAdd());
        nat.tcp = "192.0.2.10:80";
        nat.real = "198.51.100.3:8080";
        nat.masq = true;
        nat.weight = "0";
        nat.upper = "200";
        nat.lower = "150";
        assertEquals(List.of("added 198.51.100.3:8080 to TCP 192.0.2.10:80"), linesPrintedBy(nat::execute));
        assertEquals(List.of("addServer TCP 192.0.2.10:80 198.51.100.2:80 GATEWAY w1 x0 y0",
                "addServer TCP 192.0.2.10:80 198.51.100.3:8080 MASQUERADE w0 x200 y150"), lb.calls);
    }

    @Test
    void serverAddRefusesBadInputWithOneLineAndCallsNothing() {
        ServerAdd port = with(new ServerAdd());
        port.tcp = "192.0.2.10:80";
        port.real = "198.51.100.3:70000";
        port.masq = true;
        assertTrue(refusal(port).contains("70000"));
        ServerAdd two = with(new ServerAdd());
        two.tcp = "192.0.2.10:80";
        two.real = "198.51.100.3:80";
        two.masq = true;
        two.ipip = true;
        assertEquals("give one forwarding method: -m, -g or -i", refusal(two));
        ServerAdd weight = with(new ServerAdd());
        weight.tcp = "192.0.2.10:80";
        weight.real = "198.51.100.3:80";
        weight.weight = "heavy";
        assertTrue(refusal(weight).contains("heavy"));
        ServerAdd thresholds = with(new ServerAdd());
        thresholds.tcp = "192.0.2.10:80";
        thresholds.real = "198.51.100.3:80";
        thresholds.upper = "10";
        thresholds.lower = "20";
        assertTrue(refusal(thresholds).contains("lower threshold 20"));
        assertEquals(List.of(), lb.calls);
    }

    @Test
    void serverEditKeepsWhatIsNotGiven() throws Exception {
        ServerEdit edit = with(new ServerEdit());
        edit.tcp = "192.0.2.10:80";
        edit.real = "198.51.100.1:80";
        edit.weight = "5";
        assertEquals(List.of("edited 198.51.100.1:80 in TCP 192.0.2.10:80"), linesPrintedBy(edit::execute));
        ServerEdit method = with(new ServerEdit());
        method.tcp = "192.0.2.10:80";
        method.real = "198.51.100.1:80";
        method.gate = true;
        assertEquals(List.of("edited 198.51.100.1:80 in TCP 192.0.2.10:80"), linesPrintedBy(method::execute));
        assertEquals(List.of("editServer TCP 192.0.2.10:80 198.51.100.1:80 MASQUERADE w5 x100 y50",
                "editServer TCP 192.0.2.10:80 198.51.100.1:80 GATEWAY w3 x100 y50"), lb.calls);
    }

    @Test
    void serverEditOfAnUnknownServiceOrServerIsOneLine() {
        ServerEdit service = with(new ServerEdit());
        service.tcp = "192.0.2.99:80";
        service.real = "198.51.100.1:80";
        assertEquals("no virtual service TCP 192.0.2.99:80", refusal(service));
        ServerEdit server = with(new ServerEdit());
        server.tcp = "192.0.2.10:80";
        server.real = "198.51.100.9:80";
        assertEquals("no real server 198.51.100.9:80 in TCP 192.0.2.10:80", refusal(server));
        assertEquals(List.of(), lb.calls);
    }

    @Test
    void serverDeleteNamesServerAndService() throws Exception {
        ServerDelete delete = with(new ServerDelete());
        delete.tcp = "192.0.2.10:80";
        delete.real = "198.51.100.1:80";
        assertEquals(List.of("removed 198.51.100.1:80 from TCP 192.0.2.10:80"), linesPrintedBy(delete::execute));
        assertEquals(List.of("deleteServer TCP 192.0.2.10:80 198.51.100.1:80"), lb.calls);

        ServerDelete bad = with(new ServerDelete());
        bad.tcp = "192.0.2.10:80";
        bad.real = "198.51.100.1";
        assertTrue(refusal(bad).contains("198.51.100.1"));
        assertEquals(1, lb.calls.size());
    }
}
