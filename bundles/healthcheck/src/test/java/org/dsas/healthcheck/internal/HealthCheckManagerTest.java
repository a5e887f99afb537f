package org.dsas.healthcheck.internal;

import static org.dsas.healthcheck.internal.Fakes.Lb.rs;
import static org.dsas.healthcheck.internal.Fakes.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.dsas.healthcheck.api.CheckView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckManagerTest {

    @TempDir
    Path etc;

    private final Fakes.Lb lb = new Fakes.Lb();
    private final HealthCheckManager manager = new HealthCheckManager();

    @AfterEach
    void stop() {
        manager.deactivate();
    }

    private final Map<String, List<String>> alarms = new java.util.HashMap<>();

    private static Map<String, Object> config() {
        // poll.interval: the test loads by hand
        return Map.of("checks.file", "checks.conf", "poll.interval", "3600", "threads", "1", "script.timeout", "1");
    }

    private void write(String text) throws IOException {
        Path tmp = etc.resolve("checks.conf.tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, etc.resolve("checks.conf"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void start() {
        manager.etc(etc);
        manager.lb(lb.service);
        manager.addFactory(new TinyTcpProbeFactory());
        manager.alarms = alarms::put;
        manager.activate(config());
    }

    private static String check(int port, String extra) {
        return """
                virtual_server 10.0.0.1 80 {
                    delay_loop 0.2
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 1
                            delay_before_retry 0.1
                %s        }
                    }
                }
                """.formatted(port, extra);
    }

    @Test
    void aBadFileIsRejectedWholeWithFileLineAndThePreviousChecksKeepRunning() throws Exception {
        lb.add(tcp("10.0.0.1", 80), List.of(rs("127.0.0.1", 1, 1)));
        write(check(1, ""));
        start();
        manager.load();
        assertEquals(List.of("TCP 10.0.0.1:80/127.0.0.1:1/TCP_CHECK"), manager.checks().stream().map(CheckView::id).toList());
        assertEquals(List.of(), manager.alarms());

        write(check(1, "") + """
                virtual_server 10.0.0.2 80 {
                    real_server 127.0.0.1 2 {
                        TCP_CHECK {
                            connect_port 70000
                        }
                    }
                }
                """);
        manager.load();
        String file = etc.resolve("checks.conf").toString();
        assertEquals(List.of("check: " + file + ":14: connect_port port 70000: not a whole number 0-65535 (previous checks"
                + " keep running)"), manager.alarms());
        assertEquals(List.of("TCP 10.0.0.1:80/127.0.0.1:1/TCP_CHECK"), manager.checks().stream().map(CheckView::id).toList());
        assertEquals(List.of(file + ":14: connect_port port 70000: not a whole number 0-65535"), manager.status().get("errors"));

        write(check(1, ""));
        manager.load();
        assertEquals(List.of(), manager.alarms());
    }

    @Test
    void unknownKeysAndValuesOutOfRangeAreRefusedWithAnAlarmAndTheSettingsInForceKept() {
        start();
        String inForce = etc.resolve("checks.conf").toString();
        assertEquals(inForce, manager.status().get("file"));
        Map<String, Object> bad = new java.util.HashMap<>(config());
        bad.put("checks.file", "bad.conf");
        bad.put("poll.intervall", "2");
        bad.put("threads", "17");
        bad.put("felix.fileinstall.filename", "file:/opt/dsas/etc/org.dsas.healthcheck.cfg");
        manager.modified(bad);
        assertEquals(List.of("/opt/dsas/etc/org.dsas.healthcheck.cfg: key 'poll.intervall': unknown key (known: "
                + "checks.file, poll.interval, script.timeout, threads)",
                "/opt/dsas/etc/org.dsas.healthcheck.cfg: key 'threads': '17' is out of range 1-16"),
                alarms.get("org.dsas.healthcheck"));
        assertEquals(inForce, manager.status().get("file"), "nothing of a refused file applies");

        Map<String, Object> good = new java.util.HashMap<>(config());
        good.put("checks.file", "other.conf");
        manager.modified(good);
        assertEquals(List.of(), alarms.get("org.dsas.healthcheck"));
        assertEquals(etc.resolve("other.conf").toString(), manager.status().get("file"));
    }

    @Test
    void theShippedFileIsReadWholeWithEveryKeyKnown() throws Exception {
        manager.etc(etc);
        manager.alarms = alarms::put;
        HealthCheckManager.Settings s = manager.settings(new java.util.HashMap<>(
                org.dsas.core.api.ConfigFiles.read(Path.of("../../etc/org.dsas.healthcheck.cfg"))));
        assertEquals(List.of(), alarms.get("org.dsas.healthcheck"));
        assertEquals(new HealthCheckManager.Settings(etc.resolve("dsas-lb-checks.conf"), java.time.Duration.ofSeconds(2),
                1, java.time.Duration.ofSeconds(30)), s);
    }

    /** End to end on loopback with a real TCP probe: a listener that goes away is removed, and restored when it is back. */
    @Test
    void aServiceThatStopsIsRemovedAndRestoredWhenItComesBack() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Listener listener = new Listener(new ServerSocket(0, 50, loopback));
        int port = listener.socket.getLocalPort();
        String server = "127.0.0.1:" + port;
        lb.add(tcp("10.0.0.1", 80), List.of(rs("127.0.0.1", port, 1)));
        write(check(port, ""));
        start();
        manager.load();
        await(() -> lb.calls().contains("up " + server + " in TCP 10.0.0.1:80"));
        await(() -> manager.checks().get(0).latencyMicros() >= 0);
        assertEquals("UP", manager.checks().get(0).state());

        listener.close();
        await(() -> lb.calls().contains("remove " + server + " in TCP 10.0.0.1:80"));
        assertEquals("DOWN", manager.checks().get(0).state());
        assertTrue(manager.checks().get(0).lastResult().startsWith("failed: connect"), manager.checks().get(0).lastResult());

        ServerSocket again = new ServerSocket();
        again.setReuseAddress(true);
        again.bind(new InetSocketAddress(loopback, port));
        Listener back = new Listener(again);
        try {
            await(() -> lb.calls().size() == 3);
            assertEquals(List.of("up " + server + " in TCP 10.0.0.1:80", "remove " + server + " in TCP 10.0.0.1:80",
                    "up " + server + " in TCP 10.0.0.1:80"), lb.calls());
            List<String> once = manager.runOnce(server);
            assertEquals(1, once.size());
            assertTrue(once.get(0).startsWith("TCP_CHECK " + server + " (TCP 10.0.0.1:80): ok connected in "), once.get(0));
        } finally {
            back.close();
        }
    }

    /** Accepts and closes connections so the backlog never fills. */
    private static final class Listener {
        final ServerSocket socket;
        final Thread thread;

        Listener(ServerSocket s) {
            socket = s;
            thread = new Thread(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        c.getInputStream().available();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "test-listener");
            thread.setDaemon(true);
            thread.start();
        }

        void close() throws Exception {
            socket.close();
            thread.join();
        }
    }

    /** Waits for something the engine does on its own time; the cap only ends a broken run. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
