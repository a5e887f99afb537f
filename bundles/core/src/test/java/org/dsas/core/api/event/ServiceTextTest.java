package org.dsas.core.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ServiceTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"tcp:192.0.2.10:80", "udp:192.0.2.10:53", "sctp:198.51.100.7:3868", "tcp:192.0.2.10:0",
            "udp:[2001:db8::1]:53", "tcp:[fd00:1:2::a]:443", "sctp:[2001:db8:0:1:1:1:1:1]:9", "fwmark:5",
            "fwmark:4294967295", "fwmark:5:ipv6"})
    void canonicalTextRoundTrips(String text) {
        ServiceText s = ServiceText.parse(text);
        assertEquals(text, s.toString());
        assertEquals(s, ServiceText.parse(s.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TCP:192.0.2.10:80|tcp:192.0.2.10:80",
            "  Udp:192.0.2.10:53 |udp:192.0.2.10:53",
            "udp:[2001:DB8:0:0:0:0:0:1]:53|udp:[2001:db8::1]:53",
            "tcp:[2001:db8:0:0:1:0:0:1]:80|tcp:[2001:db8::1:0:0:1]:80",
            "FWMARK:7:IPv6|fwmark:7:ipv6",
            "fwmark:7:ipv4|fwmark:7"})
    void anySpellingParsesToTheCanonicalText(String spelled, String canonical) {
        assertEquals(canonical, ServiceText.parse(spelled).toString());
        assertEquals(ServiceText.parse(canonical), ServiceText.parse(spelled));
    }

    @Test
    void fieldsOfEachKind() throws Exception {
        ServiceText v4 = ServiceText.parse("tcp:192.0.2.10:80");
        assertEquals("tcp", v4.protocol());
        assertEquals(InetAddress.getByName("192.0.2.10"), v4.address());
        assertEquals(80, v4.port());
        assertFalse(v4.ipv6());
        assertFalse(v4.isFwmark());
        ServiceText v6 = ServiceText.parse("udp:[2001:db8::1]:53");
        assertTrue(v6.ipv6());
        assertEquals(InetAddress.getByName("2001:db8::1"), v6.address());
        ServiceText mark = ServiceText.parse("fwmark:5:ipv6");
        assertTrue(mark.isFwmark());
        assertEquals(5, mark.fwmark());
        assertTrue(mark.ipv6());
        assertEquals(ServiceText.fwmark(5, true), mark);
        assertEquals(ServiceText.of("TCP", InetAddress.getByName("192.0.2.10"), 80), v4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TCP 192.0.2.10:80|contains a space",
            "tcp|no ':' after the protocol",
            "http:192.0.2.10:80|'http' is not tcp, udp, sctp or fwmark",
            "tcp:192.0.2.10|no ':PORT' after the address",
            "tcp:192.0.2.10:65536|port '65536' is not 0-65535",
            "tcp:192.0.2.10:http|port 'http' is not 0-65535",
            "tcp:192.0.2.300:80|'192.0.2.300' is not an IPv4 address",
            "tcp:example.org:80|'example.org' is not an IP address",
            "udp:2001:db8::1:53|IPv6 address '2001:db8::1' must be in brackets",
            "udp:[192.0.2.1]:53|'192.0.2.1' is not an IPv6 address",
            "udp:[2001:db8::g]:53|'2001:db8::g' is not an IPv6 address",
            "fwmark:0|firewall mark '0' is not 1-4294967295",
            "fwmark:4294967296|firewall mark '4294967296' is not 1-4294967295",
            "fwmark:x|firewall mark 'x' is not 1-4294967295",
            "fwmark:5:inet7|'inet7' is not a family (ipv4 or ipv6)"})
    void badTextIsOneLineNamingTextAndProblem(String text, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceText.parse(text));
        assertTrue(e.getMessage().startsWith("service '" + text + "': " + problem), e.getMessage());
        assertTrue(e.getMessage().endsWith("(expected " + ServiceText.FORMAT + ")"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void emptyTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ServiceText.parse(""));
        assertThrows(IllegalArgumentException.class, () -> ServiceText.parse(null));
    }
}
