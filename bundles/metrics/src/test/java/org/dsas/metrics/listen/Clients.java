package org.dsas.metrics.listen;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Well-behaved and hostile TCP clients for the listener tests, and waiting with a deadline. */
final class Clients {

    /** How long a normal client may wait for its answer while others stall: a bound, not a performance figure. */
    static final int SERVED_WITHIN_MS = 15_000;

    private Clients() {
    }

    /** Connects and sends {@code text} (may be empty), then keeps the connection open. */
    static Socket stall(InetSocketAddress at, String text) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096); // before connect, so a client that does not read holds the server's write soon
        s.connect(at, SERVED_WITHIN_MS);
        if (!text.isEmpty()) {
            s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        }
        return s;
    }

    /** Sends {@code request} and reads until the server closes; fails if that takes longer than the bound. */
    static String exchange(InetSocketAddress at, String request) throws IOException {
        try (Socket s = stall(at, request)) {
            s.setSoTimeout(SERVED_WITHIN_MS);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** True when the server closed the connection (end of stream or reset) before the bound. */
    static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(SERVED_WITHIN_MS);
        InputStream in = s.getInputStream();
        try {
            byte[] buf = new byte[65536];
            while (in.read(buf) >= 0) {
                // an error answer may come first; the close is what counts
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Waits for a condition, failing after a deadline (the test's guard, not a timing assertion). */
    static void await(String what, BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + SERVED_WITHIN_MS * 1_000_000L;
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + SERVED_WITHIN_MS + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A local IPv4 address other than loopback, if this machine has one. */
    static Optional<InetAddress> otherLocalAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** True when nothing accepts a TCP connection at that address. */
    static boolean refused(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), SERVED_WITHIN_MS);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
