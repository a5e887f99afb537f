package org.dsas.metrics.internal.prometheus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.ConfigRange;
import org.dsas.metrics.api.ClusterView;
import org.dsas.metrics.api.HostState;
import org.dsas.metrics.listen.HttpListener;
import org.dsas.metrics.listen.Limits;
import org.dsas.metrics.listen.Rejections;
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
 * Owns the Prometheus scrape endpoint of this node: an {@link HttpListener} (Netty) on node_exporter's port serving
 * {@code GET /metrics} from the agent's {@link ClusterView} (this node's host, MetricSource figures included,
 * plus the receiver's drop counters and the listeners' refused connections). One client that sends half a request,
 * or opens many connections, cannot stall the other scrapers: each connection has {@code client.timeout.seconds}
 * for its whole exchange and a client address at most {@code client.max.connections} connections.
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

        @AttributeDefinition(description = "Seconds one connection may take, request received and answer written"
                + " (a scrape that does not finish in time is closed and counted as slow)")
        @ConfigRange(min = 1, max = 600)
        int client_timeout_seconds() default 10;

        @AttributeDefinition(description = "Connections one client address may have open at once; more are closed at"
                + " once and counted")
        @ConfigRange(min = 1, max = 1000)
        int client_max_connections() default 4;
    }

    /** Longest request line, header block or body accepted. */
    static final int MAX_REQUEST_BYTES = 8192;
    /** The name of this listener's counters (status key and {@code listener} label). */
    static final String LISTENER = "prometheus";

    @Reference
    private ClusterView cluster;

    private HttpListener server;
    private Rejections rejections = Rejections.named(LISTENER);
    private volatile Set<String> selfNames = Set.of();

    /** For tests: counters of their own instead of the bundle's. */
    void rejections(Rejections r) {
        this.rejections = r;
    }

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
        server = new HttpListener("dsas-prometheus", at, new Limits(config.client_timeout_seconds() * 1000,
                config.client_max_connections(), MAX_REQUEST_BYTES), rejections, this::serve);
        LOG.info("prometheus: serving /metrics on {} for host {}", server.localAddress(), selfNames);
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** For tests: the port actually bound (config port 0 is "off", so tests bind a free port themselves). */
    int port() {
        return server.localAddress().getPort();
    }

    /** For tests: the address actually bound. */
    InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** The exposition, or empty when this node is not in the cluster view (yet). */
    Optional<String> exposition() {
        Optional<HostState> self = self(cluster.hosts(), selfNames);
        return self.map(h -> PrometheusExposition.format(h) + PrometheusExposition.formatDrops(cluster.drops())
                + PrometheusExposition.formatRejections(rejectionsByLabel()));
    }

    /** Every listener of this bundle: its refused connections by reason label (this endpoint's own counters too). */
    private Map<String, Map<String, Long>> rejectionsByLabel() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        Rejections.all().keySet().forEach(name -> out.put(name, labels(Rejections.named(name))));
        out.put(LISTENER, labels(rejections));
        return out;
    }

    private static Map<String, Long> labels(Rejections r) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (Rejections.Reason reason : Rejections.Reason.values()) {
            out.put(reason.label(), r.get(reason));
        }
        return out;
    }

    static Optional<HostState> self(List<HostState> hosts, Set<String> names) {
        return hosts.stream().filter(h -> names.contains(h.name())).findFirst()
                .or(() -> hosts.stream().filter(h -> names.contains(h.ip())).findFirst());
    }

    private HttpListener.Response serve(String method, String path, InetSocketAddress client) {
        if (!"/metrics".equals(path)) {
            return new HttpListener.Response(404, "text/plain; charset=utf-8", "only /metrics\n");
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return new HttpListener.Response(405, "text/plain; charset=utf-8", "only GET\n");
        }
        Optional<String> text;
        try {
            text = exposition();
        } catch (RuntimeException e) {
            LOG.warn("prometheus: scrape from {}: {}", client, e.toString());
            return new HttpListener.Response(500, "text/plain; charset=utf-8", "metrics: " + e + "\n");
        }
        if (text.isEmpty()) {
            return new HttpListener.Response(503, "text/plain; charset=utf-8",
                    "metrics: this node " + selfNames + " is not in the cluster view yet\n");
        }
        return new HttpListener.Response(200, PrometheusExposition.CONTENT_TYPE, text.get());
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
