package org.dsas.metrics.collector.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricHistory;
import org.dsas.metrics.api.MetricValue;
import org.dsas.metrics.collector.internal.DataSourceSpec.Address;
import org.dsas.metrics.collector.rrd.RrdStore;
import org.dsas.metrics.collector.xml.ClusterSnapshot;
import org.dsas.metrics.collector.xml.GangliaDocument;
import org.dsas.metrics.collector.xml.GridXmlWriter;
import org.dsas.metrics.collector.xml.GridXmlWriter.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector without OSGi (gmetad): polls the data sources, writes each poll to the RRDs in one batch,
 * keeps the latest state of every cluster, answers {@link MetricHistory} and serves the grid as gmetad's XML.
 * The component wraps it; tests and the netns rig run it as it is.
 */
public final class Collector implements MetricHistory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    /** The validated settings. */
    public record Settings(List<DataSourceSpec> sources, Path rrdDir, String gridName, String authority,
            String bind, int xmlPort, int interactivePort, Duration pollTimeout, long maxXmlBytes) {

        public Settings {
            sources = List.copyOf(sources);
        }
    }

    /** The latest poll of one cluster, and when it was taken (to age its hosts' TN). */
    record Polled(ClusterSnapshot cluster, String source, long polledAtMillis) {
    }

    /** The last RRD batch of a source. */
    public record LastWrite(String source, RrdStore.WriteResult result, long atMillis) {
    }

    private final Settings settings;
    private final RrdStore store;
    private final SourcePoller poller;
    private final XmlServer server;
    private final Map<String, Polled> clusters = new ConcurrentHashMap<>();
    private final Map<String, LastWrite> writes = new ConcurrentHashMap<>();

    public Collector(Settings settings) {
        this.settings = settings;
        this.store = new RrdStore(settings.rrdDir());
        this.poller = new SourcePoller(settings.sources(), settings.pollTimeout(), settings.maxXmlBytes(),
                this::polled);
        this.server = new XmlServer(this::render);
    }

    public Settings settings() {
        return settings;
    }

    /** Binds the XML ports, then starts polling. */
    public void start() throws IOException {
        server.start(settings.bind(), settings.xmlPort(), settings.interactivePort());
        poller.start();
    }

    @Override
    public void close() {
        poller.close();
        server.close();
    }

    public int xmlPort() {
        return server.xmlPort();
    }

    public int interactivePort() {
        return server.interactivePort();
    }

    public SourcePoller poller() {
        return poller;
    }

    public List<LastWrite> lastWrites() {
        return List.copyOf(writes.values());
    }

    /** One good poll: every cluster in it written to the RRDs, then made the latest state. */
    String polled(DataSourceSpec source, Address from, GangliaDocument doc, long polledAtMillis) {
        int updates = 0;
        int failed = 0;
        long nanos = 0;
        String error = null;
        for (ClusterSnapshot c : doc.clusters()) {
            RrdStore.WriteResult w = store.write(c);
            updates += w.updates();
            failed += w.failed();
            nanos += w.nanos();
            if (error == null) {
                error = w.firstError();
            }
            clusters.put(c.name(), new Polled(c, source.name(), polledAtMillis));
        }
        RrdStore.WriteResult total = new RrdStore.WriteResult(updates, 0, 0, failed, nanos, error);
        writes.put(source.name(), new LastWrite(source.name(), total, polledAtMillis));
        LOG.debug("metrics-collector: data source {} from {}: {} clusters, {} RRD updates in {} ms",
                source.name(), from, doc.clusters().size(), updates, nanos / 1_000_000);
        return updates + " RRD updates in " + nanos / 1_000_000 + " ms" + (failed > 0 ? ", " + failed + " failed" : "");
    }

    /** The latest clusters, their hosts' TN aged by the time since the poll (a dead source's hosts go down). */
    List<ClusterSnapshot> current() {
        long now = System.currentTimeMillis();
        List<ClusterSnapshot> list = new ArrayList<>();
        for (String name : new TreeSet<>(clusters.keySet())) {
            Polled p = clusters.get(name);
            int age = (int) Math.max(0, (now - p.polledAtMillis()) / 1000);
            ClusterSnapshot c = p.cluster();
            if (age == 0) {
                list.add(c);
                continue;
            }
            List<HostState> hosts = new ArrayList<>(c.hosts().size());
            for (HostState h : c.hosts()) {
                hosts.add(new HostState(h.cluster(), h.name(), h.ip(), h.reported(), h.tn() + age, h.tmax(),
                        h.dmax(), h.location(), h.gmondStarted(), h.metrics()));
            }
            list.add(new ClusterSnapshot(c.name(), c.localtime() + age, c.owner(), c.latlong(), c.url(), hosts));
        }
        return list;
    }

    String render(Query query) {
        StringBuilder b = new StringBuilder(64 * 1024);
        try {
            GridXmlWriter.write(b, settings.gridName(), settings.authority(), System.currentTimeMillis() / 1000,
                    current(), query);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return b.toString();
    }

    @Override
    public List<SourceStatus> sources() {
        return poller.statuses();
    }

    @Override
    public List<String> clusters() {
        TreeSet<String> names = new TreeSet<>(clusters.keySet());
        names.addAll(store.clusters());
        return List.copyOf(names);
    }

    @Override
    public List<HostState> hosts(String cluster) {
        for (ClusterSnapshot c : current()) {
            if (c.name().equals(cluster)) {
                return c.hosts();
            }
        }
        return List.of();
    }

    @Override
    public List<String> metrics(String cluster, String host) {
        return store.metrics(cluster, host);
    }

    @Override
    public Series fetch(String cluster, String host, String metric, long from, long to) {
        return store.fetch(cluster, host, metric, units(cluster, host, metric), from, to);
    }

    private String units(String cluster, String host, String metric) {
        Polled p = clusters.get(cluster);
        if (p == null) {
            return "";
        }
        for (HostState h : p.cluster().hosts()) {
            if (host == null || h.name().equals(host)) {
                for (MetricValue m : h.metrics()) {
                    if (m.name().equals(metric)) {
                        return m.units();
                    }
                }
            }
        }
        return "";
    }
}
