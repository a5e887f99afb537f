package org.dsas.lb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.dsas.core.api.event.ServiceText;
import org.junit.jupiter.api.Test;

/** ServiceKey against the cross-capability service text of core (the QUORUM event, vrrp's trackQuorum). */
class ServiceKeyTextTest {

    private static Endpoint ep(String address, int port) throws Exception {
        return new Endpoint(InetAddress.getByName(address), port);
    }

    @Test
    void everyKindOfServiceRoundTripsThroughItsText() throws Exception {
        List<ServiceKey> keys = List.of(
                ServiceKey.of(Protocol.TCP, ep("192.0.2.10", 80)),
                ServiceKey.of(Protocol.UDP, ep("192.0.2.10", 53)),
                ServiceKey.of(Protocol.SCTP, ep("198.51.100.7", 3868)),
                ServiceKey.of(Protocol.TCP, ep("2001:db8::10", 443)),
                ServiceKey.of(Protocol.UDP, ep("2001:db8::1", 53)),
                ServiceKey.of(Protocol.SCTP, ep("fd00::5", 9)),
                ServiceKey.fwmark(5, false),
                ServiceKey.fwmark(5, true),
                ServiceKey.fwmark(-1, false)); // mark 4294967295, unsigned
        for (ServiceKey k : keys) {
            ServiceText text = k.toText();
            assertEquals(k, ServiceKey.of(text), text.toString());
            assertEquals(k, ServiceKey.parse(text.toString()), text.toString());
        }
    }

    @Test
    void textIsTheDocumentedForm() throws Exception {
        assertEquals("tcp:192.0.2.10:80", ServiceKey.of(Protocol.TCP, ep("192.0.2.10", 80)).toText().toString());
        assertEquals("udp:[2001:db8::1]:53", ServiceKey.of(Protocol.UDP, ep("2001:db8::1", 53)).toText().toString());
        assertEquals("sctp:192.0.2.10:3868", ServiceKey.of(Protocol.SCTP, ep("192.0.2.10", 3868)).toText().toString());
        assertEquals("fwmark:5", ServiceKey.fwmark(5, false).toText().toString());
        assertEquals("fwmark:5:ipv6", ServiceKey.fwmark(5, true).toText().toString());
        assertEquals("fwmark:4294967295", ServiceKey.fwmark(-1, false).toText().toString());
        assertEquals(ServiceKey.of(Protocol.TCP, ep("192.0.2.10", 80)), ServiceKey.parse("TCP:192.0.2.10:80"));
    }

    @Test
    void ipvsadmNamingIsNotTheContract() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceKey.parse("TCP 192.0.2.10:80"));
        assertTrue(e.getMessage().startsWith("service 'TCP 192.0.2.10:80': "), e.getMessage());
    }
}
