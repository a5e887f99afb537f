package org.dsas.metrics.listen;

import static org.dsas.metrics.listen.Clients.await;
import static org.dsas.metrics.listen.Clients.closedByServer;
import static org.dsas.metrics.listen.Clients.exchange;
import static org.dsas.metrics.listen.Clients.stall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.dsas.metrics.listen.Rejections.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The write-on-connect listener (gmond XML) with clients that never read: the others still get the document. */
@org.junit.jupiter.api.Timeout(120) // a guard against a hang, not a timing assertion
class PushListenerTest {

    /** Larger than any socket buffers between two loopback sockets, so a client that never reads holds a write. */
    private static final String DOCUMENT = "<GANGLIA_XML>" + "x".repeat(8 << 20) + "</GANGLIA_XML>\n";
    private final Rejections rejections = new Rejections();
    private final List<Socket> clients = new ArrayList<>();
    private PushListener listener;

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
        listener = new PushListener("test-push", new InetSocketAddress("127.0.0.1", 0), limits, rejections,
                () -> DOCUMENT, StandardCharsets.ISO_8859_1);
        return listener.localAddress();
    }

    private Socket hold(InetSocketAddress at, String text) throws Exception {
        Socket s = stall(at, text);
        clients.add(s);
        return s;
    }

    @Test
    void clientsThatNeverReadOrSendGarbageDoNotStallAPoller() throws Exception {
        InetSocketAddress at = start(new Limits(600_000, 16, 1024));
        hold(at, "");
        hold(at, "");
        hold(at, "\u0000garbage that gmond ignores".repeat(1000));
        assertEquals(DOCUMENT, exchange(at, ""), "the whole document, while three clients do not read theirs");
        assertEquals(0, rejections.get(Reason.SLOW), "the readers that do not read are still within their time");
    }

    @Test
    void aClientThatDoesNotReadIsClosedAtItsDeadlineAndCountedSlow() throws Exception {
        InetSocketAddress at = start(new Limits(300, 16, 1024));
        Socket stuck = hold(at, "");
        await("the client that does not read is counted slow", () -> rejections.get(Reason.SLOW) == 1);
        assertTrue(closedByServer(stuck));
    }

    @Test
    void aClientOverItsConnectionLimitIsClosedAtOnceAndCounted() throws Exception {
        InetSocketAddress at = start(new Limits(600_000, 1, 1024));
        hold(at, "");
        Socket second = hold(at, "");
        assertTrue(closedByServer(second));
        await("refusal counted", () -> rejections.get(Reason.TOO_MANY_CONNECTIONS) == 1);
    }

    @Test
    void bindsTheConfiguredAddressOnly() throws Exception {
        InetSocketAddress at = start(new Limits(10_000, 4, 1024));
        assertEquals(InetAddress.getByName("127.0.0.1"), at.getAddress());
        java.util.Optional<InetAddress> other = Clients.otherLocalAddress();
        if (other.isPresent()) {
            assertTrue(Clients.refused(other.get(), at.getPort()), "not reachable on " + other.get());
        }
    }
}
