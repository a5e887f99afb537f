package org.dsas.lb.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ServiceValidatorTest {

    private static VirtualService tcp(String endpoint, String sched) {
        return VirtualService.of(ServiceKey.of(Protocol.TCP, ServiceValidator.parseEndpoint(endpoint)), sched);
    }

    private static RealServer rs(String endpoint, ForwardMethod m) {
        return RealServer.of(ServiceValidator.parseEndpoint(endpoint), m, 1);
    }

    private static void fails(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void glibcInetNtopForms() {
        // pairs printed by python3's socket.inet_ntop (glibc 2.36) on this machine
        String[][] pairs = {{"::1", "::1"}, {"0:0:0:0:0:0:0:0", "::"}, {"2001:db8:0:0:0:0:0:1", "2001:db8::1"},
            {"::ffff:10.0.0.1", "::ffff:10.0.0.1"}, {"::10.0.0.1", "::10.0.0.1"}, {"::2", "::2"},
            {"1:0:0:1:0:0:0:1", "1:0:0:1::1"}, {"1:0:0:0:1:0:0:1", "1::1:0:0:1"},
            {"2001:db8:0:1:0:0:0:0", "2001:db8:0:1::"}, {"::1:0:0:0:0:1", "0:0:1::1"}, {"1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0"},
            {"2001:DB8::AB", "2001:db8::ab"}};
        for (String[] p : pairs) {
            assertEquals(p[1], AddressText.format(AddressText.parse(p[0])), p[0]);
        }
    }

    @Test
    void endpointsAreLiteralsOnly() {
        assertEquals("[2001:db8::1]:443", AddressText.name(ServiceValidator.parseEndpoint("[2001:db8::1]:443")));
        assertEquals("192.0.2.1:80", AddressText.name(ServiceValidator.parseEndpoint("192.0.2.1:80")));
        fails("endpoint 'www.example.com:80': 'www.example.com' is not an IP address literal (host names are not "
                + "resolved: DNS is not consulted)", () -> ServiceValidator.parseEndpoint("www.example.com:80"));
        fails("endpoint '192.0.2.1:http': port 'http' is not a number 0-65535 (service names are not looked up)",
                () -> ServiceValidator.parseEndpoint("192.0.2.1:http"));
        fails("endpoint '2001:db8::1:80': an IPv6 address needs brackets, as in [2001:db8::1]:80",
                () -> ServiceValidator.parseEndpoint("2001:db8::1:80"));
        fails("endpoint '010.0.0.1:80': address 010.0.0.1 has a leading zero (inet_aton would read it as octal); "
                + "write it in plain decimal", () -> ServiceValidator.parseEndpoint("010.0.0.1:80"));
        fails("endpoint '192.0.2.1:65536': port 65536 out of range 0-65535",
                () -> ServiceValidator.parseEndpoint("192.0.2.1:65536"));
        fails("endpoint '[fe80::1%eth0]:80': address fe80::1%eth0 has a zone; IPVS addresses have none",
                () -> ServiceValidator.parseEndpoint("[fe80::1%eth0]:80"));
    }

    @Test
    void shellWords() {
        assertEquals(ForwardMethod.MASQUERADE, ServiceValidator.parseMethod("masq"));
        assertEquals(ForwardMethod.MASQUERADE, ServiceValidator.parseMethod("-m"));
        assertEquals(ForwardMethod.GATEWAY, ServiceValidator.parseMethod("gate"));
        assertEquals(ForwardMethod.GATEWAY, ServiceValidator.parseMethod("-g"));
        assertEquals(ForwardMethod.TUNNEL, ServiceValidator.parseMethod("ipip"));
        assertEquals(ForwardMethod.TUNNEL, ServiceValidator.parseMethod("-i"));
        fails("unknown forwarding method 'fullnat' (-m/masq/nat, -g/gate/dr, -i/ipip/tun)",
                () -> ServiceValidator.parseMethod("fullnat"));
        assertEquals("twos", ServiceValidator.parseScheduler("twos"));
        fails("unknown scheduler 'WRR' (known: dh fo lblc lblcr lc mh nq ovf rr sed sh twos wlc wrr)",
                () -> ServiceValidator.parseScheduler("WRR"));
        assertEquals(65535, ServiceValidator.parseWeight("65535"));
        assertEquals(0, ServiceValidator.parseWeight("0"));
        fails("weight 65536 out of range 0-65535", () -> ServiceValidator.parseWeight("65536"));
        fails("weight '-1' is not a number 0-65535", () -> ServiceValidator.parseWeight("-1"));
    }

    @Test
    void addressesThatCannotBeServices() {
        fails("service TCP 0.0.0.0:80: virtual address 0.0.0.0 is unspecified",
                () -> ServiceValidator.validate(tcp("0.0.0.0:80", "rr")));
        fails("service TCP [::]:80: virtual address :: is unspecified",
                () -> ServiceValidator.validate(tcp("[::]:80", "rr")));
        fails("service TCP 224.0.0.1:80: virtual address 224.0.0.1 is multicast",
                () -> ServiceValidator.validate(tcp("224.0.0.1:80", "rr")));
        fails("service TCP 255.255.255.255:80: virtual address 255.255.255.255 is the broadcast address",
                () -> ServiceValidator.validate(tcp("255.255.255.255:80", "rr")));
        fails("real server [ff02::1]:80 of TCP [2001:db8::1]:80: address ff02::1 is multicast",
                () -> ServiceValidator.validate(tcp("[2001:db8::1]:80", "rr").withServers(
                        List.of(rs("[ff02::1]:80", ForwardMethod.MASQUERADE)))));
    }

    @Test
    void serviceRules() {
        fails("service TCP 192.0.2.1:80: unknown scheduler 'fifo' (known: dh fo lblc lblcr lc mh nq ovf rr sed sh twos "
                + "wlc wrr)", () -> ServiceValidator.validate(tcp("192.0.2.1:80", "fifo")));
        fails("service TCP 192.0.2.1:0: port 0 (all ports) is only allowed for a persistent service (-p) or a "
                + "firewall mark", () -> ServiceValidator.validate(tcp("192.0.2.1:0", "rr")));
        ServiceKey k = ServiceKey.of(Protocol.TCP, ServiceValidator.parseEndpoint("192.0.2.1:0"));
        ServiceValidator.validate(new VirtualService(k, "rr", 60, 32, 0, List.of()));
        ServiceValidator.validate(VirtualService.of(ServiceKey.fwmark(3, false), "rr"));
        fails("service TCP 192.0.2.1:80: one-packet scheduling (-o) is only for UDP and firewall-mark services",
                () -> ServiceValidator.validate(new VirtualService(ServiceKey.of(Protocol.TCP,
                        ServiceValidator.parseEndpoint("192.0.2.1:80")), "rr", 0, 32, VirtualService.FLAG_ONEPACKET,
                        List.of())));
        ServiceValidator.validate(new VirtualService(ServiceKey.fwmark(3, false), "rr", 0, 32,
                VirtualService.FLAG_ONEPACKET, List.of()));
        fails("service TCP 192.0.2.1:80: scheduler flags flag-1 mean nothing to rr (sh-fallback, sh-port only with sh; "
                + "mh-fallback, mh-port only with mh)", () -> ServiceValidator.validate(new VirtualService(
                        ServiceKey.of(Protocol.TCP, ServiceValidator.parseEndpoint("192.0.2.1:80")), "rr", 0, 32,
                        VirtualService.FLAG_SCHED1, List.of())));
        fails("service TCP [2001:db8::1]:80: IPv6 persistence netmask /0 out of range 1-128",
                () -> ServiceValidator.validate(new VirtualService(ServiceKey.of(Protocol.TCP,
                        ServiceValidator.parseEndpoint("[2001:db8::1]:80")), "rr", 60, 0, 0, List.of())));
        fails("service TCP 192.0.2.1:80 is defined twice",
                () -> ServiceValidator.validate(List.of(tcp("192.0.2.1:80", "rr"), tcp("192.0.2.1:80", "wlc"))));
    }

    @Test
    void realServerRules() {
        VirtualService v6 = tcp("[2001:db8::1]:80", "rr");
        fails("real server 192.0.2.10:80 of TCP [2001:db8::1]:80: IPv4 real server in an IPv6 service needs the tunnel "
                + "method (-i)", () -> ServiceValidator.validate(v6.withServers(List.of(rs("192.0.2.10:80",
                        ForwardMethod.GATEWAY)))));
        ServiceValidator.validate(v6.withServers(List.of(rs("192.0.2.10:80", ForwardMethod.TUNNEL))));
        fails("real server [2001:db8::9]:0 of FWM 4: IPv6 real server in an IPv4 service needs the tunnel method (-i)",
                () -> ServiceValidator.validate(VirtualService.of(ServiceKey.fwmark(4, false), "rr")
                        .withServers(List.of(rs("[2001:db8::9]:0", ForwardMethod.MASQUERADE)))));
        fails("real server 192.0.2.10:8080 of TCP 192.0.2.1:80: route forwarding keeps the service's port 80; only "
                + "masquerading (-m) can change it", () -> ServiceValidator.validate(tcp("192.0.2.1:80", "rr")
                        .withServers(List.of(rs("192.0.2.10:8080", ForwardMethod.GATEWAY)))));
        ServiceValidator.validate(tcp("192.0.2.1:80", "rr").withServers(List.of(rs("192.0.2.10:8080",
                ForwardMethod.MASQUERADE))));
        fails("real server 192.0.2.10:80 of TCP 192.0.2.1:80: lower threshold 5 without an upper threshold has no "
                + "effect (set -x too)", () -> ServiceValidator.validate(tcp("192.0.2.1:80", "rr").withServers(List.of(
                        new RealServer(ServiceValidator.parseEndpoint("192.0.2.10:80"), ForwardMethod.MASQUERADE, 1, 0,
                                5)))));
    }
}
