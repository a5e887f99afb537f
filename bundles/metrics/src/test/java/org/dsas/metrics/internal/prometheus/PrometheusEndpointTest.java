package org.dsas.metrics.internal.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
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

    private static PrometheusEndpoint.Config config(int port, String host) {
        return new PrometheusEndpoint.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PrometheusEndpoint.Config.class;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String bind_address() {
                return "127.0.0.1";
            }

            @Override
            public String host() {
                return host;
            }
        };
    }
}
