package org.dsas.lb.proxy;

import java.nio.file.Path;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.DataplaneException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dataplane with real sockets on 127.0.0.1: backends are small blocking servers in this JVM. */
class ProxyDataplaneLoopbackTest {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final ProxyDataplane proxy = new ProxyDataplane(new ProxyDataplane.Settings(2, 300, 2000, 128, "nio"));
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        proxy.close();
    }

    /** Says its name on connect, then echoes upper-cased what it read once the client half-closes. */
    final class Backend implements AutoCloseable {
        volatile String name;
        final ServerSocket socket;
        final Thread thread;

        Backend() throws IOException {
            this.socket = new ServerSocket(0, 50, LOOPBACK);
            this.thread = new Thread(this::serve, "backend-" + name);
            thread.setDaemon(true);
            thread.start();
            closeables.add(this);
        }

        Endpoint endpoint() {
            return new Endpoint(LOOPBACK, socket.getLocalPort());
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread t = new Thread(() -> handle(s));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void handle(Socket s) {
            try (s) {
                s.getOutputStream().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                byte[] all = s.getInputStream().readAllBytes();
                s.getOutputStream().write(new String(all, StandardCharsets.US_ASCII).toUpperCase()
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // client gone
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Backends named a, b, c... in endpoint order, the order the service lists (and rr visits) them. */
    List<Backend> backends(int n) throws IOException {
        List<Backend> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new Backend());
        }
        l.sort((x, y) -> x.endpoint().compareTo(y.endpoint()));
        for (int i = 0; i < n; i++) {
            l.get(i).name = String.valueOf((char) ('a' + i));
        }
        return l;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    ServiceKey tcpService(String scheduler, Backend... backends) throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, new Endpoint(LOOPBACK, freePort()));
        proxy.addService(VirtualService.of(key, scheduler));
        for (Backend b : backends) {
            proxy.addServer(key, RealServer.of(b.endpoint(), ForwardMethod.MASQUERADE, 1));
        }
        return key;
    }

    Socket connect(ServiceKey key) throws IOException {
        Socket s = new Socket(LOOPBACK, key.endpoint().port());
        s.setSoTimeout(10_000);
        closeables.add(s);
        return s;
    }

    static String readLine(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    ServiceState state(ServiceKey key) throws DataplaneException {
        return proxy.read().stream().filter(s -> s.service().key().equals(key)).findFirst().orElseThrow();
    }

    Map<String, Integer> active(ServiceKey key, Backend... backends) throws DataplaneException {
        Map<String, Integer> m = new HashMap<>();
        for (ServerState s : state(key).servers()) {
            for (Backend b : backends) {
                if (b.endpoint().equals(s.server().endpoint())) {
                    m.put(b.name, s.activeConnections());
                }
            }
        }
        return m;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void roundRobinSpreadsConnectionsEvenly() throws Exception {
        List<Backend> l = backends(3);
        Backend a = l.get(0);
        Backend b = l.get(1);
        Backend c = l.get(2);
        ServiceKey key = tcpService("rr", a, b, c);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            try (Socket s = connect(key)) {
                counts.merge(readLine(s), 1, Integer::sum);
            }
        }
        assertEquals(Map.of("a", 10, "b", 10, "c", 10), counts);
        await("30 connections counted", () -> {
            try {
                return state(key).counters().connections() == 30;
            } catch (DataplaneException e) {
                throw new IllegalStateException(e);
            }
        });
        for (ServerState s : state(key).servers()) {
            assertEquals(10, s.counters().connections(), s.toString());
            assertEquals(20, s.counters().outBytes(), "each backend sent its name and a newline per connection");
        }
    }

    @Test
    void openConnectionsAreCountedAndSteerLeastConnection() throws Exception {
        List<Backend> l = backends(2);
        Backend a = l.get(0);
        Backend b = l.get(1);
        ServiceKey key = tcpService("lc", a, b);
        Socket s1 = connect(key);
        assertEquals("a", readLine(s1));
        Socket s2 = connect(key);
        assertEquals("b", readLine(s2));
        Socket s3 = connect(key);
        assertEquals("a", readLine(s3));
        assertEquals(Map.of("a", 2, "b", 1), active(key, a, b));
        s1.close();
        s3.close();
        await("a's connections to end", () -> {
            try {
                return active(key, a, b).equals(Map.of("a", 0, "b", 1));
            } catch (DataplaneException e) {
                throw new IllegalStateException(e);
            }
        });
        Socket s4 = connect(key);
        assertEquals("a", readLine(s4), "lc: the server with fewer open connections");
    }

    @Test
    void halfCloseFromTheClientStillDeliversTheReply() throws Exception {
        Backend a = backends(1).get(0);
        ServiceKey key = tcpService("rr", a);
        Socket s = connect(key);
        s.getOutputStream().write("hello, ".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write("world".getBytes(StandardCharsets.US_ASCII));
        s.shutdownOutput();
        byte[] all = s.getInputStream().readAllBytes();
        assertEquals("a\nHELLO, WORLD", new String(all, StandardCharsets.US_ASCII));
        ServerState st = state(key).servers().get(0);
        assertEquals(12, st.counters().inBytes());
        assertEquals(2 + 12, st.counters().outBytes());
    }

    @Test
    void largeTransferArrivesIntact() throws Exception {
        Backend a = backends(1).get(0);
        ServiceKey key = tcpService("rr", a);
        Socket s = connect(key);
        byte[] data = new byte[8 * 1024 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        Thread writer = new Thread(() -> {
            try {
                s.getOutputStream().write(data);
                s.shutdownOutput();
            } catch (IOException e) {
                // the read side fails the test
            }
        });
        writer.start();
        InputStream in = s.getInputStream();
        byte[] got = in.readAllBytes();
        writer.join();
        byte[] expected = ("a\n" + new String(data, StandardCharsets.US_ASCII).toUpperCase())
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(expected.length, got.length);
        assertArrayEquals(expected, got);
    }

    @Test
    void refusingBackendClosesTheClient() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, new Endpoint(LOOPBACK, freePort()));
        proxy.addService(VirtualService.of(key, "rr"));
        proxy.addServer(key, RealServer.of(new Endpoint(LOOPBACK, freePort()), ForwardMethod.MASQUERADE, 1));
        Socket s = connect(key);
        assertEquals(-1, s.getInputStream().read(), "the client is closed");
        await("the failed connection to be uncounted", () -> {
            try {
                return state(key).servers().get(0).activeConnections() == 0;
            } catch (DataplaneException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void deletingARealServerKeepsItsEstablishedConnection() throws Exception {
        List<Backend> l = backends(2);
        Backend a = l.get(0);
        Backend b = l.get(1);
        ServiceKey key = tcpService("rr", a, b);
        Socket s = connect(key);
        assertEquals("a", readLine(s));
        proxy.deleteServer(key, a.endpoint());
        proxy.editService(new VirtualService(key, "wlc", 0, 32, 0, List.of()));
        Socket other = connect(key);
        assertEquals("b", readLine(other));
        s.getOutputStream().write("still here".getBytes(StandardCharsets.US_ASCII));
        s.shutdownOutput();
        assertEquals("STILL HERE", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void deletingAServiceClosesItsListener() throws Exception {
        Backend a = backends(1).get(0);
        ServiceKey key = tcpService("rr", a);
        proxy.deleteService(key);
        // This JVM holds no listening socket on the port any more. (Connecting to the port would not prove it: once
        // freed, an ephemeral port can be bound at once by another process of a busy machine, seen in CI.)
        assertEquals(Set.of(), ourListeners(key.endpoint().port()), "still listening on " + key);
        assertEquals(List.of(), proxy.read());
    }

    /** Inodes of this process's sockets that LISTEN on the port (/proc/net/tcp{,6} against /proc/self/fd). */
    static Set<String> ourListeners(int port) throws IOException {
        Set<String> ours = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        ours.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        Set<String> listening = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (!Files.exists(Path.of(table))) {
                continue;
            }
            List<String> lines = Files.readAllLines(Path.of(table)); // read once: the table changes between reads
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String local = f[1];
                int p = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                if (p == port && f[3].equals("0A") && ours.contains(f[9])) {
                    listening.add(f[9]);
                }
            }
        }
        return listening;
    }

    @Test
    void udpRoundTripThroughASession() throws Exception {
        DatagramSocket echo = new DatagramSocket(0, LOOPBACK);
        closeables.add(echo);
        Thread t = new Thread(() -> {
            byte[] buf = new byte[1500];
            while (!echo.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    echo.receive(p);
                    byte[] reply = ("echo:" + new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII))
                            .getBytes(StandardCharsets.US_ASCII);
                    echo.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        ServiceKey key = ServiceKey.of(Protocol.UDP, new Endpoint(LOOPBACK, port));
        proxy.addService(VirtualService.of(key, "rr"));
        proxy.addServer(key, RealServer.of(new Endpoint(LOOPBACK, echo.getLocalPort()), ForwardMethod.MASQUERADE, 1));
        DatagramSocket client = new DatagramSocket(0, LOOPBACK);
        closeables.add(client);
        client.setSoTimeout(10_000);
        for (String msg : List.of("one", "two")) {
            byte[] out = msg.getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(out, out.length, new InetSocketAddress(LOOPBACK, port)));
            DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
            client.receive(in);
            assertEquals("echo:" + msg, new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII));
            assertEquals(port, in.getPort(), "the reply comes from the virtual service");
        }
        ServerState st = state(key).servers().get(0);
        assertEquals(1, st.inactiveConnections(), "one UDP session, counted as inactive");
        assertEquals(0, st.activeConnections());
        assertEquals(1, st.counters().connections());
        assertEquals(2, st.counters().inPackets());
        assertEquals(2, st.counters().outPackets());
        assertEquals(6, st.counters().inBytes());
        assertEquals(16, st.counters().outBytes());
    }

    @Test
    void errorsNameTheObject() throws Exception {
        ServiceKey key = tcpService("rr");
        Endpoint rs = new Endpoint(InetAddress.getByName("198.51.100.5"), 80);
        DataplaneException e = assertThrows(DataplaneException.class,
                () -> proxy.addServer(key, RealServer.of(rs, ForwardMethod.GATEWAY, 1)));
        assertEquals(DataplaneException.Reason.UNSUPPORTED, e.reason());
        assertEquals("add real server 198.51.100.5:80 to " + key + ": UNSUPPORTED (forwarding method Route of"
                + " 198.51.100.5:80; a proxy can only masquerade)", e.getMessage());
        e = assertThrows(DataplaneException.class, () -> proxy.addService(VirtualService.of(key, "rr")));
        assertEquals(DataplaneException.Reason.EXISTS, e.reason());
        assertEquals("add service " + key + ": EEXIST (already exists)", e.getMessage());
        e = assertThrows(DataplaneException.class,
                () -> proxy.addService(VirtualService.of(ServiceKey.fwmark(1, false), "rr")));
        assertEquals(DataplaneException.Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().startsWith("add service FWM 1: UNSUPPORTED"), e.getMessage());
        ServiceKey foreign = ServiceKey.of(Protocol.TCP, new Endpoint(InetAddress.getByName("192.0.2.77"), 80));
        e = assertThrows(DataplaneException.class, () -> proxy.addService(VirtualService.of(foreign, "rr")));
        assertEquals("add service TCP 192.0.2.77:80: EADDRNOTAVAIL (192.0.2.77 is not an address of this host;"
                + " add it to an interface first)", e.getMessage());
        e = assertThrows(DataplaneException.class, () -> proxy.deleteServer(key, rs));
        assertEquals(DataplaneException.Reason.MISSING, e.reason());
        assertEquals("delete real server 198.51.100.5:80 from " + key + ": ENOENT (no such real server)",
                e.getMessage());
        e = assertThrows(DataplaneException.class,
                () -> proxy.editService(new VirtualService(key, "lblc", 0, 32, 0, List.of())));
        assertEquals(DataplaneException.Reason.UNSUPPORTED, e.reason());
    }
}
