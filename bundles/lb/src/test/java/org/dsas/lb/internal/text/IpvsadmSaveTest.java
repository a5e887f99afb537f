package org.dsas.lb.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;
import org.dsas.core.api.ConfigProblems;
import org.junit.jupiter.api.Test;

class IpvsadmSaveTest {

    /** A captured file (firewall mark 3000000000 included: ipvsadm-save prints it as -1294967296). */
    private static String resource(String name) throws IOException {
        try (InputStream in = IpvsadmSaveTest.class.getResourceAsStream("/text/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text;
        }
    }

    @Test
    void marksAboveTheSignedRangeReadBothWays() {
        List<VirtualService> printed = IpvsadmSave.parse("-A -f -1294967296 -s fo\n", "r");
        assertEquals(IpvsadmSave.parse("-A -f 3000000000 -s fo\n", "r"), printed);
        assertEquals("FWM 3000000000", printed.get(0).key().toString());
    }

    @Test
    void writesWhatIpvsadmSavePrintedForTheSameCommandsInARealKernel() throws IOException {
        List<VirtualService> state = IpvsadmSave.parse(resource("ipvsadm-commands.txt"), "ipvsadm-commands.txt");
        assertEquals(resource("ipvsadm-save-1.31.txt"), IpvsadmSave.write(state));
    }

    @Test
    void realSaveOutputRoundTrips() throws IOException {
        String saved = resource("ipvsadm-save-1.31.txt");
        List<VirtualService> state = IpvsadmSave.parse(saved, "ipvsadm-save-1.31.txt");
        assertEquals(10, state.size());
        assertEquals(saved, IpvsadmSave.write(state));
        assertEquals(state, IpvsadmSave.parse(IpvsadmSave.write(state), "again"));
    }

    @Test
    void readsEveryOptionOfASavedService() throws IOException {
        List<VirtualService> state = IpvsadmSave.parse(resource("ipvsadm-save-1.31.txt"), "s");
        VirtualService web = find(state, ServiceKey.of(Protocol.TCP, ServiceValidator.parseEndpoint("203.0.113.10:80")));
        assertEquals("wlc", web.scheduler());
        assertEquals(600, web.persistenceTimeout());
        assertEquals(24, web.persistenceNetmask());
        assertEquals(new RealServer(ServiceValidator.parseEndpoint("198.51.100.13:8080"), ForwardMethod.MASQUERADE, 5,
                0, 0), web.server(ServiceValidator.parseEndpoint("198.51.100.13:8080")).orElseThrow());
        assertEquals(ForwardMethod.TUNNEL, web.server(ServiceValidator.parseEndpoint("198.51.100.2:80")).orElseThrow()
                .method());
        VirtualService sh = find(state, ServiceKey.of(Protocol.TCP, ServiceValidator.parseEndpoint("203.0.113.9:443")));
        assertEquals(360, sh.persistenceTimeout());
        assertEquals(VirtualService.FLAG_SCHED1 | VirtualService.FLAG_SCHED2, sh.flags());
        VirtualService mark6 = find(state, ServiceKey.fwmark(7, true));
        assertEquals(new Endpoint(AddressText.parse("2001:db8:1::11"), 0), mark6.servers().get(0).endpoint());
        VirtualService udp = find(state, ServiceKey.of(Protocol.UDP, ServiceValidator.parseEndpoint("203.0.113.10:53")));
        assertEquals(VirtualService.FLAG_ONEPACKET, udp.flags());
    }

    private static VirtualService find(List<VirtualService> state, ServiceKey key) {
        return state.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError(key));
    }

    @Test
    void longOptionsCommentsDefaultsAndRestoreWords() {
        String text = """
                # hand-written restore file
                -C

                ipvsadm --add-service --tcp-service=203.0.113.5:8080 --persistent=100 --netmask 255.255.0.0  # web
                -a --tcp-service 203.0.113.5:8080 --real-server 198.51.100.7:9090 --masquerading --weight=7 -x 10 -y 5
                -a -t 203.0.113.5:8080 -r 198.51.100.8:9999
                """;
        List<VirtualService> state = IpvsadmSave.parse(text, "rules");
        VirtualService s = state.get(0);
        assertEquals("wlc", s.scheduler());
        assertEquals(100, s.persistenceTimeout());
        assertEquals(16, s.persistenceNetmask());
        assertEquals(new RealServer(ServiceValidator.parseEndpoint("198.51.100.7:9090"), ForwardMethod.MASQUERADE, 7,
                10, 5), s.servers().get(0));
        // -g is the default, and a gatewayed server takes the service's port (as ipvsadm does)
        assertEquals(RealServer.of(ServiceValidator.parseEndpoint("198.51.100.8:8080"), ForwardMethod.GATEWAY, 1),
                s.servers().get(1));
        assertEquals("""
                -A -t 203.0.113.5:8080 -s wlc -p 100 -M 255.255.0.0
                -a -t 203.0.113.5:8080 -r 198.51.100.7:9090 -m -w 7
                -a -t 203.0.113.5:8080 -r 198.51.100.8:8080 -g -w 1
                """, IpvsadmSave.write(state));
    }

    @Test
    void clearForgetsWhatCameBefore() {
        List<VirtualService> state = IpvsadmSave.parse("-A -t 203.0.113.1:80 -s rr\n-C\n-A -t 203.0.113.2:80 -s rr\n",
                "r");
        assertEquals(1, state.size());
        assertEquals("TCP 203.0.113.2:80", state.get(0).key().toString());
    }

    @Test
    void aBadLineRejectsTheWholeTextWithItsLineNumber() {
        assertError("r:2: service TCP 203.0.113.1:80: unknown scheduler 'foo'",
                "-A -t 203.0.113.1:80 -s rr\n-A -t 203.0.113.1:80 -s foo\n");
        assertError("r:1: tunnel type gue is not supported",
                "-A -t 203.0.113.1:80 -s rr -i --tun-type gue\n");
        assertError("r:2: tunnel type gre is not supported",
                "-A -t 203.0.113.1:80\n-a -t 203.0.113.1:80 -r 198.51.100.1 -i --tun-type gre\n");
        assertError("r:1: real server for TCP 203.0.113.1:80, which no earlier -A line adds",
                "-a -t 203.0.113.1:80 -r 198.51.100.1\n");
        assertError("r:2: service TCP 203.0.113.1:80 already added", "-A -t 203.0.113.1:80\n-A -t 203.0.113.1:80\n");
        assertError("r:3: real server 198.51.100.1:80 already in TCP 203.0.113.1:80",
                "-A -t 203.0.113.1:80\n-a -t 203.0.113.1:80 -r 198.51.100.1\n-a -t 203.0.113.1:80 -r 198.51.100.1 -m\n");
        assertError("r:1: scheduler flag sh-port is only for the sh scheduler, not rr",
                "-A -t 203.0.113.1:80 -s rr -b sh-port\n");
        assertError("r:1: -6 used before -f", "-A -6 -f 1\n");
        assertError("r:1: command -D does not belong in a saved table", "-D -t 203.0.113.1:80\n");
        assertError("r:1: unknown option --bogus", "-A -t 203.0.113.1:80 --bogus\n");
        assertError("r:1: virtual service endpoint 'www.example.com:80': 'www.example.com' is not an IP address "
                + "literal (host names are not resolved: DNS is not consulted)", "-A -t www.example.com:80\n");
        assertError("r:2: weight 70000 out of range 0-65535",
                "-A -t 203.0.113.1:80\n-a -t 203.0.113.1:80 -r 198.51.100.1 -w 70000\n");
        assertError("r:1: persistence timeout 2678401 out of range 1-2678400", "-A -t 203.0.113.1:80 -p 2678401\n");
        assertError("r:1: service TCP 203.0.113.1:0: port 0 (all ports) is only allowed for a persistent service",
                "-A -t 203.0.113.1\n");
        assertError("r:1: service TCP 203.0.113.1:80: one-packet scheduling (-o) is only for UDP",
                "-A -t 203.0.113.1:80 -o\n");
        assertError("r:2: real server 198.51.100.1:80 of TCP [2001:db8::1]:80: IPv4 real server in an IPv6 service "
                + "needs the tunnel method (-i)", "-A -t [2001:db8::1]:80\n-a -t [2001:db8::1]:80 -r 198.51.100.1 -m\n");
        assertError("r:1: persistence engine (--pe) is not supported", "-A -u 203.0.113.1:5060 -p --pe sip\n");
    }

    @Test
    void everyBadLineIsNamedAtOnceAndTheServersOfARefusedServiceAreNotReportedAgain() {
        ConfigProblems e = assertThrows(ConfigProblems.class, () -> IpvsadmSave.parse("""
                -A -t 203.0.113.1:80 -s foo
                -a -t 203.0.113.1:80 -r 198.51.100.1:80 -m
                -A -t 203.0.113.2:80 -s rr
                -a -t 203.0.113.2:80 -r 198.51.100.1:80 -m -w 70000
                -a -t 203.0.113.2:80 -r 198.51.100.2:80 -x
                -a -t 203.0.113.3:80 -r 198.51.100.3:80 -m
                -A -t 203.0.113.4:80 -o
                """, "r"));
        assertEquals(List.of(
                "r:1: service TCP 203.0.113.1:80: unknown scheduler 'foo' (known: dh fo lblc lblcr lc mh nq ovf rr sed"
                        + " sh twos wlc wrr)",
                "r:4: weight 70000 out of range 0-65535",
                "r:5: option -x needs a value",
                "r:6: real server for TCP 203.0.113.3:80, which no earlier -A line adds",
                "r:7: service TCP 203.0.113.4:80: one-packet scheduling (-o) is only for UDP and firewall-mark "
                        + "services"), e.problems());
    }

    private static void assertError(String expectedStart, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpvsadmSave.parse(text, "r"));
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "expected '" + expectedStart + "...', got '"
                + e.getMessage() + "'");
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
    }

    @Test
    void emptyStateWritesNothing() {
        assertEquals("", IpvsadmSave.write(List.of()));
        assertEquals(List.of(), IpvsadmSave.parse("# nothing\n\n", "r"));
    }

    @Test
    void mergeSortKeepsTiesInInputOrderAsGlibcDoes() {
        List<String> sorted = IpvsadmSave.glibcMergeSort(List.of("b1", "a1", "b2", "a2", "c"),
                (x, y) -> Character.compare(x.charAt(0), y.charAt(0)));
        assertEquals(List.of("a1", "a2", "b1", "b2", "c"), sorted);
    }
}
