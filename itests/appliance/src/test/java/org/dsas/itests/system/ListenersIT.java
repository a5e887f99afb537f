package org.dsas.itests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The built appliance with roles base and metrics-collector, every TCP listener on its own free port on 127.0.0.1:
 * each is bound to the configured address, and each still answers a normal client while three others hang on it
 * (one sends nothing, one half a request line, one garbage); the refusals of DSAS's own listeners show in
 * {@code dsas:status --json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(600) // a guard against a hang, not a timing assertion
class ListenersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SERVED_WITHIN_MS = 15_000;
    private static final String WEB_PAGE = "GET /metrics-ui/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    private Appliance box;
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    @BeforeAll
    void boot() throws Exception {
        box = new Appliance("listeners").env("DSAS_ROLES", "metrics-collector");
        ports.put("ssh", box.sshPort);
        for (String name : List.of("gmondXml", "prometheus", "collectorXml", "collectorInteractive", "web")) {
            ports.put(name, freePort());
        }
        box.edit("etc/org.dsas.metrics.agent.cfg", "tcp.port", String.valueOf(ports.get("gmondXml")));
        box.edit("etc/org.dsas.metrics.agent.cfg", "tcp.bind", "127.0.0.1");
        box.edit("etc/org.dsas.metrics.agent.cfg", "receive.bind", "127.0.0.1");
        box.edit("etc/org.dsas.metrics.prometheus.cfg", "port", String.valueOf(ports.get("prometheus")));
        box.edit("etc/org.dsas.metrics.prometheus.cfg", "bind.address", "127.0.0.1");
        box.edit("etc/org.dsas.metrics.collector.cfg", "xml.port", String.valueOf(ports.get("collectorXml")));
        box.edit("etc/org.dsas.metrics.collector.cfg", "interactive.port",
                String.valueOf(ports.get("collectorInteractive")));
        box.edit("etc/org.dsas.metrics.collector.cfg", "data.sources",
                "\"local\" 15 127.0.0.1:" + ports.get("gmondXml"));
        box.edit("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(ports.get("web")));
        box.start();
        for (Map.Entry<String, Integer> p : ports.entrySet()) {
            await(p.getKey() + " listening", () -> {
                try (Socket s = new Socket("127.0.0.1", p.getValue())) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        }
        // Jetty listens before the page's servlet is registered: ready when the page answers
        await("the web page answers", () -> exchange("web", WEB_PAGE).startsWith("HTTP/1.1 200 "));
    }

    @AfterAll
    void shutdown() throws Exception {
        if (box != null) {
            box.close();
        }
    }

    @Test
    void everyListenerIsBoundToTheConfiguredAddress() throws Exception {
        Map<Integer, List<String>> listening = listeningSockets();
        for (Map.Entry<String, Integer> p : ports.entrySet()) {
            assertEquals(List.of("127.0.0.1"), listening.get(p.getValue()), p.getKey() + " on port " + p.getValue());
        }
    }

    @Test
    void everyListenerServesANormalClientWhileOthersHang() throws Exception {
        List<Socket> hanging = new ArrayList<>();
        try {
            for (int port : ports.values()) {
                hanging.add(hold(port, ""));
                hanging.add(hold(port, "GET /metr"));
                hanging.add(hold(port, "\u0016\u0003\u0001\u0000garbage"));
            }
            assertTrue(exchange("gmondXml", "").trim().endsWith("</GANGLIA_XML>"));
            await("prometheus serves this node", () -> exchange("prometheus", "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
                    .startsWith("HTTP/1.1 200 "));
            assertTrue(exchange("collectorXml", "").contains("<GRID"));
            assertTrue(exchange("collectorInteractive", "/\n").contains("<GRID"));
            String web = exchange("web", WEB_PAGE);
            assertTrue(web.startsWith("HTTP/1.1 200 "), web.lines().findFirst().orElse(""));
            Appliance.Result ssh = box.admin("dsas:status --json");
            assertEquals(0, ssh.exit(), ssh.all());

            // the refusals: a garbage request and an oversized one on 9100, a garbage line on 8652
            assertTrue(exchange("prometheus", "hello\r\n\r\n").startsWith("HTTP/1.1 400 "));
            assertTrue(exchange("prometheus", "GET /" + "x".repeat(20_000) + " HTTP/1.1\r\n\r\n")
                    .startsWith("HTTP/1.1 414 "));
            assertEquals("", exchange("collectorInteractive", "garbage\n"));
            JsonNode status = JSON.readTree(box.admin("dsas:status --json").out());
            JsonNode prometheus = status.path("metrics").path("listenerRejections").path("prometheus");
            assertTrue(prometheus.path("garbage").asLong() >= 1, status.path("metrics").toString());
            assertTrue(prometheus.path("oversized").asLong() >= 1, status.path("metrics").toString());
            JsonNode interactive = status.path("metricsCollector").path("listenerRejections")
                    .path("collectorInteractive");
            assertTrue(interactive.path("garbage").asLong() >= 1, status.path("metricsCollector").toString());
            String metrics = exchange("prometheus", "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(metrics.contains("dsas_listener_rejected_total{listener=\"prometheus\",reason=\"garbage\"}"),
                    metrics);
        } finally {
            for (Socket s : hanging) {
                s.close();
            }
        }
    }

    private Socket hold(int port, String text) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), SERVED_WITHIN_MS);
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        return s;
    }

    /** Sends the request and reads to the end; fails unless answered before the deadline. */
    private String exchange(String listener, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", ports.get(listener)), SERVED_WITHIN_MS);
            s.setSoTimeout(SERVED_WITHIN_MS);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Listening TCP sockets of this machine (/proc/net/tcp, tcp6): port to local addresses. */
    private static Map<Integer, List<String>> listeningSockets() throws IOException {
        Map<Integer, List<String>> out = new LinkedHashMap<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(file)).subList(1, Files.readAllLines(Path.of(file)).size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals("0A")) {
                    continue; // not LISTEN
                }
                String[] local = f[1].split(":");
                out.computeIfAbsent(Integer.parseInt(local[1], 16), k -> new ArrayList<>()).add(address(local[0]));
            }
        }
        return out;
    }

    /** A /proc/net address in kernel hex (little-endian words) as text; an IPv4-mapped IPv6 address as IPv4. */
    private static String address(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        try {
            return java.net.InetAddress.getByAddress(b).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void await(String what, Callable<Boolean> ok) throws Exception {
        long end = System.nanoTime() + 120_000_000_000L;
        Exception last = null;
        while (System.nanoTime() < end) {
            try {
                if (ok.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within 120 s: " + what + (last == null ? "" : " (" + last + ")"));
    }
}
