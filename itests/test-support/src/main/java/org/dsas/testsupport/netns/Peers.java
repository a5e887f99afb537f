package org.dsas.testsupport.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Real peers to start in a host. For keepalived and gmond see {@link Keepalived} and {@link Gmond}.
 */
public final class Peers {

    private Peers() {
    }

    /**
     * An HTTP server ({@code busybox httpd -f}) bound to the host's address and {@code port}, serving
     * {@code files} (name to content) from a fresh document root. Returns once it listens.
     */
    public static Proc httpServer(Host host, int port, Map<String, String> files) throws IOException {
        Path root = host.rig.newDir(host.name + "-httpd-root");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return httpServer(host, host.address(), port, root);
    }

    /** {@code busybox httpd -f -vv -p <address>:<port> -h <root>}; returns once it listens. */
    public static Proc httpServer(Host host, String address, int port, Path root) {
        Proc p = host.start("httpd-" + port, Map.of(), root,
                List.of(Cmd.tool("busybox"), "httpd", "-f", "-vv", "-p", address + ":" + port, "-h", root.toString()));
        awaitListening(p, port);
        return p;
    }

    /** Waits (10 s) until {@code proc}'s host has a TCP listener on {@code port}, failing early if it exits. */
    public static void awaitListening(Proc proc, int port) {
        proc.await("TCP port " + port + " listening", Duration.ofSeconds(10),
                () -> !proc.host.exec("ss", "-Hltn", "sport = :" + port).out().isBlank());
    }

    /** Waits (10 s) until {@code proc}'s host has a UDP socket bound to {@code port}. */
    public static void awaitUdpBound(Proc proc, int port) {
        proc.await("UDP port " + port + " bound", Duration.ofSeconds(10),
                () -> !proc.host.exec("ss", "-Hlun", "sport = :" + port).out().isBlank());
    }
}
