package org.dsas.metrics.listen;

import static org.dsas.metrics.listen.Clients.await;
import static org.dsas.metrics.listen.Clients.closedByServer;
import static org.dsas.metrics.listen.Clients.exchange;
import static org.dsas.metrics.listen.Clients.stall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dsas.metrics.listen.Rejections.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP listener on 127.0.0.1 with hostile clients: the others are still served, every refusal is counted. */
@org.junit.jupiter.api.Timeout(120) // a guard against a hang, not a timing assertion
class HttpListenerTest {

    private static final String SCRAPE = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
    private final Rejections rejections = new Rejections();
    private final List<Socket> clients = new ArrayList<>();
    private HttpListener listener;

    @AfterEach
    void close() throws Exception {
        for (Socket s : clients) {
            s.close();
        }
        if (listener != null) {
            listener.close();
        }
    }

    private InetSocketAddress start(Limits limits) throws Exception {
        listener = new HttpListener("test-http", new InetSocketAddress("127.0.0.1", 0), limits, rejections,
                (method, path, client) -> new HttpListener.Response(200, "text/plain", method + " " + path + "\n"));
        return listener.localAddress();
    }

    private Socket hold(InetSocketAddress at, String text) throws Exception {
        Socket s = stall(at, text);
        clients.add(s);
        return s;
    }

    @Test
    void slowGarbageAndOversizedClientsDoNotStallAScrape() throws Exception {
        // the deadline is far away, so the slow clients below still hang while the scrape is served
        InetSocketAddress at = start(new Limits(600_000, 16, 1024));
        Socket silent = hold(at, "");
        Socket halfLine = hold(at, "GET /metr");
        Socket noEndOfHeaders = hold(at, "GET /metrics HTTP/1.1\r\nHost: x\r\n");

        String served = exchange(at, SCRAPE);
        assertTrue(served.startsWith("HTTP/1.1 200 "), served);
        assertTrue(served.endsWith("GET /metrics\n"), served);

        String garbage = exchange(at, "\u0016\u0003\u0001 hello there\r\n\r\n");
        assertTrue(garbage.startsWith("HTTP/1.1 400 "), garbage);
        String longLine = exchange(at, "GET /" + "a".repeat(4000) + " HTTP/1.1\r\n\r\n");
        assertTrue(longLine.startsWith("HTTP/1.1 414 "), longLine);
        String bigHeaders = exchange(at, "GET /metrics HTTP/1.1\r\nX-Pad: " + "b".repeat(4000) + "\r\n\r\n");
        assertTrue(bigHeaders.startsWith("HTTP/1.1 431 "), bigHeaders);
        String bigBody = exchange(at, "POST /metrics HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + "c".repeat(5000));
        assertTrue(bigBody.startsWith("HTTP/1.1 413 "), bigBody);

        assertTrue(exchange(at, SCRAPE).startsWith("HTTP/1.1 200 "), "still served after the refusals");
        assertEquals(1, rejections.get(Reason.GARBAGE));
        assertEquals(3, rejections.get(Reason.OVERSIZED));
        assertEquals(0, rejections.get(Reason.SLOW), "the slow clients are still within their time");
        for (Socket s : List.of(silent, halfLine, noEndOfHeaders)) {
            assertFalse(s.isClosed());
        }
    }

    @Test
    void aClientThatSendsNothingOrHalfARequestIsClosedAtItsDeadlineAndCountedSlow() throws Exception {
        InetSocketAddress at = start(new Limits(300, 16, 1024));
        Socket silent = hold(at, "");
        Socket half = hold(at, "GET /metrics HTTP/1.1\r\n");
        assertTrue(closedByServer(silent), "a silent client is closed");
        assertTrue(closedByServer(half), "a client with half a request is closed");
        await("two slow clients counted", () -> rejections.get(Reason.SLOW) == 2);
        assertEquals(Map.of("slow", 2L, "garbage", 0L, "oversized", 0L, "tooManyConnections", 0L),
                rejections.byKey());
    }

    @Test
    void aClientOverItsConnectionLimitIsClosedAtOnceAndCounted() throws Exception {
        InetSocketAddress at = start(new Limits(600_000, 2, 1024));
        Socket first = hold(at, "");
        hold(at, "");
        Socket third = hold(at, "");
        assertTrue(closedByServer(third), "the third connection from one address is closed");
        await("one refusal counted", () -> rejections.get(Reason.TOO_MANY_CONNECTIONS) == 1);

        first.close(); // a slot is free again once the server sees the close
        await("a scrape is served once a connection is closed", () -> {
            try {
                return exchange(at, SCRAPE).startsWith("HTTP/1.1 200 ");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void bindsTheConfiguredAddressOnly() throws Exception {
        InetSocketAddress at = start(new Limits(10_000, 4, 1024));
        assertEquals(InetAddress.getByName("127.0.0.1"), at.getAddress());
        java.util.Optional<InetAddress> other = Clients.otherLocalAddress();
        if (other.isPresent()) { // a machine with only loopback has no other address to try
            assertTrue(Clients.refused(other.get(), at.getPort()), "not reachable on " + other.get());
        }
    }

    @Test
    void aPortThatIsTakenIsOneClearError() throws Exception {
        InetSocketAddress at = start(new Limits(10_000, 4, 1024));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> new HttpListener(
                "test-http-2", at, new Limits(10_000, 4, 1024), rejections, (m, p, c) -> null));
        assertTrue(e.getMessage().startsWith("test-http-2: listen on 127.0.0.1:" + at.getPort() + ": "),
                e.getMessage());
    }
}
