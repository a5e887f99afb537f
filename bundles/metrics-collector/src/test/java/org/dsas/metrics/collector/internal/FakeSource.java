package org.dsas.metrics.collector.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A data source on loopback for tests: answers each connection with the bytes {@code answer} gives for that
 * connection's number, or (hanging) accepts and never writes, like a gmond stuck in a kernel call.
 */
final class FakeSource implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    private FakeSource(IntFunction<byte[]> answer) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    int n = connections.incrementAndGet();
                    if (answer == null) {
                        held.add(s);
                        continue;
                    }
                    try (s; OutputStream out = s.getOutputStream()) {
                        out.write(answer.apply(n));
                    }
                } catch (IOException e) {
                    // closed, or the client went away
                }
            }
        }, "fake-source");
        t.setDaemon(true);
        t.start();
    }

    static FakeSource answering(IntFunction<byte[]> answer) throws IOException {
        return new FakeSource(answer);
    }

    static FakeSource hanging() throws IOException {
        return new FakeSource(null);
    }

    int port() {
        return server.getLocalPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    /** The captured gmond XML with LOCALTIME (cluster) and REPORTED (host) set to {@code localtime}. */
    static byte[] capture(long localtime) {
        try (InputStream in = FakeSource.class.getResourceAsStream("/captures/gmond-3.7.2-cluster.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            xml = xml.replace("LOCALTIME=\"1795576268\"", "LOCALTIME=\"" + localtime + "\"")
                    .replace("REPORTED=\"1795576263\"", "REPORTED=\"" + localtime + "\"");
            return xml.getBytes(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
