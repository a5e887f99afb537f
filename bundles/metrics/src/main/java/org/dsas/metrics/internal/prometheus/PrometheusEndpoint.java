package org.dsas.metrics.internal.prometheus;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.ConfigRange;
import org.dsas.metrics.api.ClusterView;
import org.dsas.metrics.api.HostState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the Prometheus scrape endpoint of this node: a JDK HTTP server on node_exporter's port serving
 * {@code GET /metrics} from the agent's {@link ClusterView} (this node's host, MetricSource figures included,
 * plus the receiver's drop counters). Uses the JDK server so every node can be scraped without pax-web.
 */
@Component(configurationPid = PrometheusEndpoint.PID, immediate = true, service = {})
@Designate(ocd = PrometheusEndpoint.Config.class)
public class PrometheusEndpoint {

    static final String PID = "org.dsas.metrics.prometheus";
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusEndpoint.class);

    @ObjectClassDefinition(name = "DSAS Prometheus endpoint")
    public @interface Config {
        @AttributeDefinition(description = "TCP port of the /metrics endpoint (node_exporter's is 9100); 0 = off")
        @ConfigRange(min = 0, max = 65535)
        int port() default 9100;

        @AttributeDefinition(description = "Address to listen on (0.0.0.0 = all, 127.0.0.1 = this node only)")
        String bind_address() default "0.0.0.0";

        @AttributeDefinition(description = "Name of this node as the cluster view knows it; empty = this host's"
                + " name or one of its addresses")
        String host() default "";
    }

    @Reference
    private ClusterView cluster;

    private HttpServer server;
    private ExecutorService executor;
    private volatile Set<String> selfNames = Set.of();

    /** For tests: the cluster view DS would inject. */
    void cluster(ClusterView view) {
        this.cluster = view;
    }

    @Reference
    ConfigAlarms alarms;

    /** Settings from etc/org.dsas.metrics.prometheus.cfg; refused ones (alarm) leave the defaults serving. */
    @Activate
    void activate(Map<String, Object> props) throws IOException {
        Config c = check(props);
        start(c != null ? c : ConfigCheck.of(PID, Config.class, Map.of()).typed(Config.class));
    }

    /** A changed configuration restarts the endpoint with it; a refused one (alarm) leaves it serving as it is. */
    @Modified
    void modified(Map<String, Object> props) throws IOException {
        Config c = check(props);
        if (c != null) {
            deactivate();
            start(c);
        }
    }

    /** The configuration, or null when it is refused (every problem reported to the alarms). */
    private Config check(Map<String, Object> props) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props);
        String bind = check.typed(Config.class).bind_address().trim();
        check.require("bind.address", bind.matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*"),
                "'" + bind + "' is not an IP address (0.0.0.0 = all, 127.0.0.1 = this node only)");
        return check.passed(alarms) ? check.typed(Config.class) : null;
    }

    private void start(Config config) throws IOException {
        selfNames = config.host().isBlank() ? localNames() : Set.of(config.host().trim());
        if (config.port() == 0) {
            LOG.info("prometheus: endpoint off (port 0)");
            return;
        }
        InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(config.bind_address().trim()), config.port());
        try {
            server = HttpServer.create(at, 16);
        } catch (IOException e) {
            throw new IOException("prometheus: listen on " + at + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", this::serve);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dsas-prometheus");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("prometheus: serving /metrics on {} for host {}", server.getAddress(), selfNames);
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** For tests: the port actually bound (config port 0 is "off", so tests bind a free port themselves). */
    int port() {
        return server.getAddress().getPort();
    }

    /** The exposition, or empty when this node is not in the cluster view (yet). */
    Optional<String> exposition() {
        Optional<HostState> self = self(cluster.hosts(), selfNames);
        return self.map(h -> PrometheusExposition.format(h) + PrometheusExposition.formatDrops(cluster.drops()));
    }

    static Optional<HostState> self(List<HostState> hosts, Set<String> names) {
        return hosts.stream().filter(h -> names.contains(h.name())).findFirst()
                .or(() -> hosts.stream().filter(h -> names.contains(h.ip())).findFirst());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
                return;
            }
            Optional<String> text;
            try {
                text = exposition();
            } catch (RuntimeException e) {
                LOG.warn("prometheus: scrape from {}: {}", exchange.getRemoteAddress(), e.toString());
                reply(exchange, 500, "text/plain; charset=utf-8", "metrics: " + e + "\n");
                return;
            }
            if (text.isEmpty()) {
                reply(exchange, 503, "text/plain; charset=utf-8",
                        "metrics: this node " + selfNames + " is not in the cluster view yet\n");
                return;
            }
            reply(exchange, 200, PrometheusExposition.CONTENT_TYPE, text.get());
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The names gmond would give this node: its host name (short and full) and its addresses. */
    static Set<String> localNames() {
        Set<String> names = new HashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
            names.add(local.getHostName().split("\\.")[0]);
        } catch (UnknownHostException e) {
            LOG.debug("prometheus: no local host name: {}", e.getMessage());
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                Collections.list(nic.getInetAddresses()).forEach(a -> names.add(a.getHostAddress().split("%")[0]));
            }
        } catch (SocketException e) {
            LOG.debug("prometheus: no interface addresses: {}", e.getMessage());
        }
        return Set.copyOf(names);
    }
}
