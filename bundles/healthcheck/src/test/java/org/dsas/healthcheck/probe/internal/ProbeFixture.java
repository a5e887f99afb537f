package org.dsas.healthcheck.probe.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.nio.NioEventLoopGroup;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.healthcheck.probe.ProbeTarget;
import org.dsas.keepalived.conf.ConfNode;
import org.dsas.keepalived.conf.KeepalivedConfParser;

/** Event loops, a factory and loopback targets for the probe tests; closed after each test class. */
final class ProbeFixture implements AutoCloseable {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    final NioEventLoopGroup loops = new NioEventLoopGroup(2);
    final KeepalivedProbeFactory factory = new KeepalivedProbeFactory();
    List<ConfNode> sslBlocks = List.of();

    static ConfNode block(String text) {
        try {
            return KeepalivedConfParser.parse(text, "test.conf").get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Probe probe(String blockText, int port, Duration timeout) {
        return factory.create(block(blockText), target(port, timeout), new ProbeContext(loops, null, sslBlocks));
    }

    static ProbeTarget target(int port, Duration timeout) {
        return new ProbeTarget(LOOPBACK, port, null, 0, timeout);
    }

    /** One attempt; the 30 s bound only keeps a broken probe from hanging the build. */
    static ProbeResult run(Probe probe) {
        try {
            return probe.attempt().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("attempt did not complete normally: " + e, e);
        }
    }

    /** A port nothing listens on (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    /** Reads a request head (to the blank line) from a socket. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }

    /** A one-thread TCP server running {@code handler} on each connection until closed. */
    static final class Server implements AutoCloseable {
        interface Handler {
            void handle(Socket s, InputStream in, OutputStream out) throws Exception;
        }

        final ServerSocket socket;
        final Thread thread;

        Server(ServerSocket socket, Handler handler) {
            this.socket = socket;
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        handler.handle(s, s.getInputStream(), s.getOutputStream());
                    } catch (Exception e) {
                        // the next connection, or closed
                    }
                }
            }, "probe-test-server");
            thread.setDaemon(true);
            thread.start();
        }

        Server(Handler handler) throws IOException {
            this(new ServerSocket(0, 50, LOOPBACK), handler);
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Override
    public void close() {
        factory.close();
        loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }
}
