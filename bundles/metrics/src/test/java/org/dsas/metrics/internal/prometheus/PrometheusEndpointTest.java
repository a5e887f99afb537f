package org.dsas.metrics.internal.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.dsas.metrics.api.ClusterView;
import org.dsas.metrics.api.HostState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

    private final PrometheusEndpoint endpoint = new PrometheusEndpoint();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, List<String>> alarms = new java.util.HashMap<>();
    private final org.dsas.metrics.listen.Rejections rejections =
            new org.dsas.metrics.listen.Rejections();

    {
        endpoint.alarms = alarms::put;
        endpoint.rejections(rejections);
    }

    @AfterEach
    void stop() {
        endpoint.deactivate();
    }

    @Test
    void servesThisNodesExpositionOnLoopback() throws Exception {
        HostState other = new HostState("dsas-test", "192.0.2.9", "192.0.2.9", 0, 1, 20, 0, "", 0, List.of());
        endpoint.cluster(view(List.of(other, GmondCapture.host()), Map.of("too short", 4L)));
        endpoint.activate(config(freePort(), "192.0.2.1"));

        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals(PrometheusExposition.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));
        var parsed = ExpositionGrammar.parse(r.body());
        assertEquals(0.85, parsed.samples().get("node_load1{}"));
        assertEquals(4.0, parsed.samples().get("dsas_metrics_xdr_dropped_total{reason=\"too short\"}"));
    }

    @Test
    void saysSoWhenThisNodeIsNotInTheClusterViewYet() throws Exception {
        endpoint.cluster(view(List.of(GmondCapture.host()), Map.of()));
        endpoint.activate(config(freePort(), "web7"));

        HttpResponse<String> r = get("/metrics");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("this node [web7] is not in the cluster view yet"), r.body());
    }

    @Test
    void findsThisNodeByNameBeforeAddress() {
        HostState byIp = new HostState("c", "other", "192.0.2.1", 0, 1, 20, 0, "", 0, List.of());
        HostState byName = new HostState("c", "web1", "192.0.2.2", 0, 1, 20, 0, "", 0, List.of());
        assertEquals(byName, PrometheusEndpoint.self(List.of(byIp, byName), java.util.Set.of("web1", "192.0.2.1"))
                .orElseThrow());
        assertEquals(byIp, PrometheusEndpoint.self(List.of(byIp), java.util.Set.of("web1", "192.0.2.1"))
                .orElseThrow());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static ClusterView view(List<HostState> hosts, Map<String, Long> drops) {
        return new ClusterView() {
            @Override
            public String cluster() {
                return "dsas-test";
            }

            @Override
            public List<HostState> hosts() {
                return hosts;
            }

            @Override
            public Map<String, Long> drops() {
                return drops;
            }
        };
    }

    private static Map<String, Object> config(int port, String host) {
        return Map.of("port", String.valueOf(port), "bind.address", "127.0.0.1", "host", host);
    }

    @Test
    void theShippedFileIsReadWholeWithEveryKeyKnown() throws Exception {
        endpoint.cluster(view(List.of(GmondCapture.host()), Map.of()));
        Map<String, Object> shipped = new java.util.HashMap<>(org.dsas.core.api.ConfigFiles.read(
                java.nio.file.Path.of("../../etc/org.dsas.metrics.prometheus.cfg")));
        shipped.put("port", "0"); // the shipped port may be taken here; the keys are what this test is about
        endpoint.activate(shipped);
        assertEquals(List.of(), alarms.get("org.dsas.metrics.prometheus"));
    }

    @Test
    void anUnknownKeyOrAPortOutOfRangeIsRefusedAndTheEndpointKeepsServing() throws Exception {
        endpoint.cluster(view(List.of(GmondCapture.host()), Map.of()));
        endpoint.activate(config(freePort(), "web7"));
        int port = endpoint.port();
        endpoint.modified(Map.of("port", "70000", "bind_address", "127.0.0.1"));
        assertEquals(List.of("etc/org.dsas.metrics.prometheus.cfg: key 'bind_address': unknown key (known: "
                + "bind.address, client.max.connections, client.timeout.seconds, host, port)",
                "etc/org.dsas.metrics.prometheus.cfg: key 'port': '70000' is out of range 0-65535"),
                alarms.get("org.dsas.metrics.prometheus"));
        assertEquals(port, endpoint.port());
        assertEquals(503, get("/metrics").statusCode(), "still serving (web7 is not in the view) as before");
    }

    @Test
    void aScraperIsServedWhileOthersStallAndTheRefusalsAreItsOwnMetrics() throws Exception {
        endpoint.cluster(view(List.of(GmondCapture.host()), Map.of()));
        Map<String, Object> c = new java.util.HashMap<>(config(freePort(), "192.0.2.1"));
        c.put("client.timeout.seconds", "600"); // the stalled clients below still hang while the scrape is served
        c.put("client.max.connections", "8");
        endpoint.activate(c);
        java.net.InetSocketAddress at = endpoint.localAddress();
        List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try {
            for (String text : List.of("", "GET /metrics HTTP/1.1\r\n", "GET /metrics HTTP/1.1\r\nHost: x\r\n")) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", at.getPort());
                s.getOutputStream().write(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                stalled.add(s);
            }
            assertEquals(400, rawStatus(at, "garbage\r\n\r\n"));
            assertEquals(414, rawStatus(at, "GET /" + "m".repeat(9000) + " HTTP/1.1\r\n\r\n"));

            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort()
                    + "/metrics")).timeout(java.time.Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            var parsed = ExpositionGrammar.parse(r.body());
            assertEquals(1.0, parsed.samples().get(
                    "dsas_listener_rejected_total{listener=\"prometheus\",reason=\"garbage\"}"), r.body());
            assertEquals(1.0, parsed.samples().get(
                    "dsas_listener_rejected_total{listener=\"prometheus\",reason=\"oversized\"}"));
            assertEquals(0.0, parsed.samples().get(
                    "dsas_listener_rejected_total{listener=\"prometheus\",reason=\"slow\"}"));
        } finally {
            for (java.net.Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void bindsTheConfiguredAddress() throws Exception {
        endpoint.cluster(view(List.of(GmondCapture.host()), Map.of()));
        endpoint.activate(config(freePort(), "web7"));
        assertEquals(java.net.InetAddress.getByName("127.0.0.1"), endpoint.localAddress().getAddress());
    }

    private static int rawStatus(java.net.InetSocketAddress at, String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", at.getPort())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            return Integer.parseInt(answer.substring(9, 12));
        }
    }
}
