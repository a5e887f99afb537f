package org.dsas.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.event.ServiceText;
import org.junit.jupiter.api.Test;

class VrrpConfigParserTest {

    private static Map<String, Object> base() {
        Map<String, Object> m = new HashMap<>();
        m.put("felix.fileinstall.filename", "file:/opt/dsas/etc/org.dsas.vrrp.instance-VI_1.cfg");
        m.put("service.pid", "org.dsas.vrrp.instance.abc");
        m.put("interface", "eth0");
        m.put("vrid", "51");
        m.put("virtualAddresses", "192.0.2.100/24, 192.0.2.101/24");
        return m;
    }

    @Test
    void defaultsFollowKeepalived() throws Exception {
        VrrpConfig c = VrrpConfigParser.parse(base());
        assertEquals("VI_1", c.name(), "name from the file suffix");
        assertEquals(2, c.version());
        assertEquals(100, c.priority());
        assertEquals(1000, c.advertMillis());
        assertTrue(c.preempt());
        assertEquals(5, c.garpRepeat());
        assertEquals(2, c.virtualAddresses().size());
        assertEquals("192.0.2.100/24", c.virtualAddresses().get(0).toString());
    }

    @Test
    void v3TakesCentisecondsAndIpv6() throws Exception {
        Map<String, Object> m = base();
        m.put("version", "3");
        m.put("advertInterval", "0.1");
        assertEquals(100, VrrpConfigParser.parse(m).advertMillis());
        m.put("virtualAddresses", "2001:db8::100/64");
        assertTrue(VrrpConfigParser.parse(m).ipv6());
    }

    @Test
    void eachBadKeyIsNamedWithInstanceAndFile() {
        String file = "/opt/dsas/etc/org.dsas.vrrp.instance-VI_1.cfg";
        expect(Map.of("priority", "300"), "vrrp[VI_1]: " + file + ": key 'priority': '300' is not 1-255");
        expect(Map.of("vrid", "x"), "vrrp[VI_1]: " + file + ": key 'vrid': 'x' is not a whole number 1-255");
        expect(Map.of("advertInterval", "0.5"), "key 'advertInterval': '0.5' is not a whole number of seconds");
        expect(Map.of("virtualAddresses", "192.0.2.300/24"), "key 'virtualAddresses': '192.0.2.300' is not an IP address");
        expect(Map.of("virtualAddresses", "192.0.2.1/40"), "'192.0.2.1/40' has no valid prefix length (1-32)");
        expect(Map.of("virtualAddresses", "2001:db8::1/64"), "key 'version': VRRP v2 carries IPv4 only");
        expect(Map.of("authPass", "toolongpassword"), "key 'authPass': at most 8 characters");
        expect(Map.of("preempt", "maybe"), "key 'preempt': 'maybe' is not true or false");
        expect(Map.of("colour", "blue"), "key 'colour': unknown key (known: advertInterval, authPass,");
        expect(Map.of("interface", ""), "key 'interface': missing");
        expect(Map.of("notify", "notify.sh"), "key 'notify': 'notify.sh' must be an absolute path");
    }

    @Test
    void trackQuorumTakesTheServiceTextOfTheQuorumContract() throws Exception {
        Map<String, Object> m = base();
        m.put("trackQuorum", "TCP:192.0.2.10:80, udp:[2001:DB8::1]:53\tfwmark:5 fwmark:6:ipv6,tcp:192.0.2.10:80");
        assertEquals(List.of("tcp:192.0.2.10:80", "udp:[2001:db8::1]:53", "fwmark:5", "fwmark:6:ipv6"),
                VrrpConfigParser.parse(m).trackQuorum().stream().map(ServiceText::toString).toList());
    }

    @Test
    void aMalformedTrackQuorumEntryRejectsTheInstanceInOneLine() {
        String file = "/opt/dsas/etc/org.dsas.vrrp.instance-VI_1.cfg";
        expect(Map.of("trackQuorum", "tcp:192.0.2.10:80 TCP 192.0.2.11:80"), "vrrp[VI_1]: " + file
                + ": key 'trackQuorum': service 'TCP': no ':' after the protocol (expected " + ServiceText.FORMAT + ")");
        expect(Map.of("trackQuorum", "tcp:192.0.2.10"), "key 'trackQuorum': service 'tcp:192.0.2.10': no ':PORT'");
        expect(Map.of("trackQuorum", "udp:2001:db8::1:53"), "key 'trackQuorum': service 'udp:2001:db8::1:53': IPv6"
                + " address '2001:db8::1' must be in brackets");
    }

    @Test
    void everyProblemOfAFileIsNamedAtOnce() {
        Map<String, Object> m = base();
        m.put("vrid", "300");
        m.put("priority", "high");
        m.put("authPass", "much-too-long");
        m.put("trackQuorum", "tcp:192.0.2.10:80 TCP");
        m.put("advertIntervall", "1");
        VrrpConfigException e = assertThrows(VrrpConfigException.class, () -> VrrpConfigParser.parse(m));
        String prefix = "vrrp[VI_1]: /opt/dsas/etc/org.dsas.vrrp.instance-VI_1.cfg: key '";
        assertEquals(5, e.lines().size(), e.getMessage());
        assertTrue(e.lines().get(0).startsWith(prefix + "advertIntervall': unknown key"), e.lines().get(0));
        assertTrue(e.lines().get(1).startsWith(prefix + "vrid': '300' is not 1-255"), e.lines().get(1));
        assertTrue(e.lines().get(2).startsWith(prefix + "priority': 'high' is not a whole number"), e.lines().get(2));
        assertTrue(e.lines().get(3).startsWith(prefix + "authPass': at most 8 characters"), e.lines().get(3));
        assertTrue(e.lines().get(4).startsWith(prefix + "trackQuorum': service 'TCP'"), e.lines().get(4));
        assertEquals(String.join("\n", e.lines()), e.getMessage());
    }

    private static void expect(Map<String, String> change, String message) {
        Map<String, Object> m = base();
        m.putAll(change);
        VrrpConfigException e = assertThrows(VrrpConfigException.class, () -> VrrpConfigParser.parse(m));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
