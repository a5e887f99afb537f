package org.dsas.lb.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;
import org.junit.jupiter.api.Test;

/** Placing connections: thresholds and persistence, without sockets (time is passed in). */
class ProxyServiceTest {

    static final ServiceKey KEY = ServiceKey.of(Protocol.TCP, ep("203.0.113.1", 80));
    static final long SECOND = 1_000_000_000L;

    static Endpoint ep(String ip, int port) {
        try {
            return new Endpoint(InetAddress.getByName(ip), port);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static InetSocketAddress client(String ip, int port) {
        return new InetSocketAddress(ep(ip, port).address(), port);
    }

    static ProxyService service(String scheduler, int timeout, int netmask, RealServer... servers) {
        ProxyService s = new ProxyService(new VirtualService(KEY, scheduler, timeout, netmask, 0, List.of()));
        for (RealServer r : servers) {
            s.add(r);
        }
        return s;
    }

    static RealServer rs(String ip, int weight, int upper, int lower) {
        return new RealServer(ep(ip, 80), ForwardMethod.MASQUERADE, weight, upper, lower);
    }

    ProxyBackend pick(ProxyService s, String client, long nanos) {
        return s.pick(client(client, 40000), KEY.endpoint().address(), nanos);
    }

    @Test
    void upperThresholdStopsNewConnectionsAndLowerThresholdResumes() {
        ProxyService s = service("rr", 0, 32, rs("198.51.100.1", 1, 2, 1), rs("198.51.100.2", 1, 0, 0));
        ProxyBackend a = s.backend(ep("198.51.100.1", 80));
        ProxyBackend b = s.backend(ep("198.51.100.2", 80));
        assertSame(a, pick(s, "192.0.2.1", 0));
        assertSame(b, pick(s, "192.0.2.1", 0));
        assertSame(a, pick(s, "192.0.2.1", 0));
        assertTrue(a.overloaded(), "2 connections reach the upper threshold 2");
        assertSame(b, pick(s, "192.0.2.1", 0));
        assertSame(b, pick(s, "192.0.2.1", 0), "a is overloaded: skipped");
        s.release(a, client("192.0.2.1", 40000), 0);
        assertTrue(a.overloaded(), "1 connection is not below the lower threshold 1");
        assertSame(b, pick(s, "192.0.2.1", 0));
        s.release(a, client("192.0.2.1", 40000), 0);
        assertFalse(a.overloaded());
        assertSame(a, pick(s, "192.0.2.1", 0));
        assertEquals(1, a.activeConnections());
        assertEquals(4, b.activeConnections());
    }

    @Test
    void withoutLowerThresholdThreeQuartersOfTheUpperResumes() {
        ProxyService s = service("rr", 0, 32, rs("198.51.100.1", 1, 4, 0));
        ProxyBackend a = s.backend(ep("198.51.100.1", 80));
        for (int i = 0; i < 4; i++) {
            assertSame(a, pick(s, "192.0.2.1", 0));
        }
        assertNull(pick(s, "192.0.2.1", 0), "overloaded and alone: no server");
        s.release(a, client("192.0.2.1", 1), 0);
        assertNull(pick(s, "192.0.2.1", 0), "3 * 4 is not below 4 * 3");
        s.release(a, client("192.0.2.1", 1), 0);
        assertSame(a, pick(s, "192.0.2.1", 0), "2 * 4 < 4 * 3");
    }

    @Test
    void editingThresholdsAppliesAtOnce() {
        ProxyService s = service("rr", 0, 32, rs("198.51.100.1", 1, 1, 0));
        ProxyBackend a = s.backend(ep("198.51.100.1", 80));
        pick(s, "192.0.2.1", 0);
        assertTrue(a.overloaded());
        s.edit(a, rs("198.51.100.1", 1, 0, 0));
        assertFalse(a.overloaded(), "no threshold any more");
    }

    @Test
    void persistenceKeepsAClientNetworkOnItsServerUntilTheTimeoutAfterTheLastConnection() {
        ProxyService s = service("rr", 60, 24, rs("198.51.100.1", 1, 0, 0), rs("198.51.100.2", 1, 0, 0));
        ProxyBackend a = s.backend(ep("198.51.100.1", 80));
        ProxyBackend b = s.backend(ep("198.51.100.2", 80));
        assertSame(a, pick(s, "192.0.2.1", 0));
        assertSame(a, pick(s, "192.0.2.7", 1 * SECOND), "same /24: same server, though rr would say b");
        assertSame(b, pick(s, "192.0.3.1", 2 * SECOND), "another /24: scheduled");
        assertEquals(Map.of(ProxyService.mask(ep("192.0.2.1", 1).address(), 24), a.endpoint(),
                ProxyService.mask(ep("192.0.3.1", 1).address(), 24), b.endpoint()), s.templates());
        assertEquals(1, a.state().persistentConnections());

        // connections open: the template never expires
        s.expire(1000 * SECOND);
        assertSame(a, pick(s, "192.0.2.9", 1000 * SECOND));
        for (int i = 0; i < 3; i++) {
            s.release(a, client("192.0.2.1", 40000), 1001 * SECOND);
        }
        s.expire(1060 * SECOND);
        assertSame(a, pick(s, "192.0.2.1", 1060 * SECOND), "60 s after the last close: still persistent");
        s.release(a, client("192.0.2.1", 40000), 1060 * SECOND);
        s.expire(1121 * SECOND);
        assertFalse(s.templates().containsKey(ProxyService.mask(ep("192.0.2.1", 1).address(), 24)));
        assertEquals(0, a.state().persistentConnections());
    }

    @Test
    void persistenceDoesNotSendNewConnectionsToAQuiescedServer() {
        ProxyService s = service("rr", 60, 32, rs("198.51.100.1", 1, 0, 0), rs("198.51.100.2", 1, 0, 0));
        ProxyBackend a = s.backend(ep("198.51.100.1", 80));
        ProxyBackend b = s.backend(ep("198.51.100.2", 80));
        assertSame(a, pick(s, "192.0.2.1", 0));
        s.edit(a, rs("198.51.100.1", 0, 0, 0));
        assertSame(b, pick(s, "192.0.2.1", SECOND));
        assertSame(b, pick(s, "192.0.2.1", 2 * SECOND), "the template now points at b");
        assertEquals(1, a.activeConnections(), "the established connection stays");
    }

    @Test
    void maskAppliesThePrefix() throws Exception {
        assertEquals(InetAddress.getByName("192.0.2.0"), ProxyService.mask(InetAddress.getByName("192.0.2.77"), 24));
        assertEquals(InetAddress.getByName("192.0.0.0"), ProxyService.mask(InetAddress.getByName("192.0.2.77"), 20));
        assertEquals(InetAddress.getByName("2001:db8::"),
                ProxyService.mask(InetAddress.getByName("2001:db8::77:1"), 64));
    }
}
