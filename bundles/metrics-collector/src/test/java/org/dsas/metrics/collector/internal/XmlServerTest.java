package org.dsas.metrics.collector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.dsas.metrics.collector.xml.GridXmlWriter.Query;
import org.dsas.metrics.listen.Rejections;
import org.dsas.metrics.listen.Rejections.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * gmetad's two ports on 127.0.0.1 with hostile clients (connect and send nothing, never read, garbage, an
 * oversized request line, too many connections): another poller is still answered, and each refusal is counted.
 */
@org.junit.jupiter.api.Timeout(120) // a guard against a hang, not a timing assertion
class XmlServerTest {

    private static final int SERVED_WITHIN_MS = 15_000;
    /** Larger than the socket buffers of a client that never reads. */
    private static final String GRID = "<GRID>" + "g".repeat(8 << 20) + "</GRID>\n";

    private final Rejections xmlRefused = new Rejections();
    private final Rejections interactiveRefused = new Rejections();
    private final List<Socket> clients = new ArrayList<>();
    private final XmlServer server = new XmlServer(q -> q.equals(Query.ALL) ? GRID
            : "<ASKED " + q.cluster() + (q.summary() ? " summary" : "") + "/>\n", xmlRefused, interactiveRefused);

    @AfterEach
    void close() throws IOException {
        for (Socket s : clients) {
            s.close();
        }
        server.close();
    }

    @Test
    void bothPortsBindTheConfiguredAddress() throws Exception {
        server.start("127.0.0.1", 0, 0);
        assertEquals(null, server.xmlAddress(), "port 0 is off");
        server.close();
        XmlServer s = new XmlServer(q -> "", new Rejections(), new Rejections());
        try {
            s.start("127.0.0.1", free(), free());
            assertEquals(InetAddress.getByName("127.0.0.1"), s.xmlAddress().getAddress());
            assertEquals(InetAddress.getByName("127.0.0.1"), s.interactiveAddress().getAddress());
        } finally {
            s.close();
        }
    }

    @Test
    void stalledAndHostileClientsDoNotHoldUpAnotherPoller() throws Exception {
        server.start("127.0.0.1", free(), free());
        InetSocketAddress xml = new InetSocketAddress("127.0.0.1", server.xmlPort());
        InetSocketAddress ask = new InetSocketAddress("127.0.0.1", server.interactivePort());
        hold(xml, ""); // never reads its grid
        hold(xml, "");
        hold(ask, ""); // sends nothing
        hold(ask, "/dsas-te"); // half a line

        assertEquals(GRID, exchange(xml, ""), "the grid, while two clients do not read theirs");
        assertEquals("<ASKED dsas-test summary/>\n", exchange(ask, "/dsas-test?filter=summary\n"));

        assertEquals("", exchange(ask, "\u0016\u0003\u0001garbage\r\n"), "garbage: closed without an answer");
        assertEquals("", exchange(ask, "/" + "x".repeat(4000) + "\n"), "oversized: closed without an answer");
        assertEquals("<ASKED c/>\n", exchange(ask, "/c\n"), "still answering");
        assertEquals(1, interactiveRefused.get(Reason.GARBAGE));
        assertEquals(1, interactiveRefused.get(Reason.OVERSIZED));
        assertEquals(0, interactiveRefused.get(Reason.SLOW) + xmlRefused.get(Reason.SLOW),
                "the stalled clients are still within their time");
    }

    @Test
    void tooManyConnectionsFromOneAddressAreClosedAtOnceAndCounted() throws Exception {
        server.start("127.0.0.1", 0, free());
        InetSocketAddress ask = new InetSocketAddress("127.0.0.1", server.interactivePort());
        for (int i = 0; i < XmlServer.PER_CLIENT; i++) {
            hold(ask, "");
        }
        Socket over = hold(ask, "");
        assertTrue(closedByServer(over));
        await(() -> interactiveRefused.get(Reason.TOO_MANY_CONNECTIONS) == 1);
    }

    @Test
    void theAcceptedForms() {
        assertTrue(XmlServer.request("").isPresent(), "empty: the whole grid");
        assertTrue(XmlServer.request("/c/h?filter=summary\r").isPresent());
        assertTrue(XmlServer.request("GET / HTTP/1.1").isEmpty());
        assertTrue(XmlServer.request("/c\u0000").isEmpty());
    }

    private Socket hold(InetSocketAddress at, String text) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(at, SERVED_WITHIN_MS);
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        clients.add(s);
        return s;
    }

    private static String exchange(InetSocketAddress at, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(at, SERVED_WITHIN_MS);
            s.setSoTimeout(SERVED_WITHIN_MS); // answered before this deadline, or the test fails
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(SERVED_WITHIN_MS);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[65536];
        try {
            while (in.read(buf) >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void await(BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + SERVED_WITHIN_MS * 1_000_000L;
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + SERVED_WITHIN_MS + " ms");
            }
            Thread.sleep(20);
        }
    }

    private static int free() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
