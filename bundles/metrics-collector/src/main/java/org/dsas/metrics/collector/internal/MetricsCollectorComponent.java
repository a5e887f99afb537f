package org.dsas.metrics.collector.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.ConfigRange;
import org.dsas.core.api.StatusContributor;
import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricHistory;
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
 * Owns the metrics collector in the box (role metrics-collector): its settings
 * (etc/org.dsas.metrics.collector.cfg), the {@link Collector} built from them, and its section in dsas:status
 * with an alarm per dead data source. Settings are checked whole ({@link ConfigCheck}); an accepted change rebuilds
 * the collector, a refused one (alarm) leaves it running as it is, and a refused first configuration starts none.
 */
@Component(service = {MetricHistory.class, StatusContributor.class},
        configurationPid = MetricsCollectorComponent.PID, immediate = true)
@Designate(ocd = MetricsCollectorComponent.Config.class)
public class MetricsCollectorComponent implements MetricHistory, StatusContributor {

    static final String PID = "org.dsas.metrics.collector";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsCollectorComponent.class);

    @ObjectClassDefinition(name = "DSAS metrics collector")
    public @interface Config {
        @AttributeDefinition(description = "Data sources, gmetad syntax, separated by ';': \"name\" [step] host[:port] ...")
        String data_sources() default "\"local\" 15 127.0.0.1:8649";

        @AttributeDefinition(description = "RRD directory; empty: ${karaf.data}/rrds")
        String rrd_dir() default "";

        @AttributeDefinition(description = "Grid name in the XML served (gmetad's gridname)")
        String grid_name() default "unspecified";

        @AttributeDefinition(description = "AUTHORITY of the grid: the URL of this grid's web page")
        String authority() default "";

        @AttributeDefinition(description = "Address the XML ports listen on")
        String bind_address() default "127.0.0.1";

        @AttributeDefinition(description = "gmetad XML port (whole grid), 0 = off")
        @ConfigRange(min = 0, max = 65535)
        int xml_port() default 8651;

        @AttributeDefinition(description = "gmetad interactive port (/cluster/host?filter=summary), 0 = off")
        @ConfigRange(min = 0, max = 65535)
        int interactive_port() default 8652;

        @AttributeDefinition(description = "Seconds a poll of one address may take, connect and read (0.1-600)")
        @ConfigRange(min = 0.1, max = 600)
        double poll_timeout() default 10;

        @AttributeDefinition(description = "Largest XML accepted from a data source, in MiB (1-4096)")
        @ConfigRange(min = 1, max = 4096)
        int max_xml_mib() default 256;
    }

    private volatile Collector collector;
    private volatile String startError;

    @Reference
    ConfigAlarms alarms;

    @Activate
    @Modified
    void configure(Map<String, Object> props) {
        Collector.Settings s = settings(props);
        if (s == null) {
            return; // refused (alarm): the collector in force, if any, keeps running
        }
        deactivate();
        try {
            collector = new Collector(s);
            collector.start();
            startError = null;
        } catch (IOException e) {
            startError = e.getMessage();
            LOG.error("metrics-collector: {}", e.getMessage());
            deactivate();
        }
    }

    /** The collector running now, or null. */
    Collector collector() {
        return collector;
    }

    /** The settings, or null when the configuration is refused (every problem reported to the alarms). */
    Collector.Settings settings(Map<String, Object> props) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props);
        Collector.Settings s = null;
        if (check.ok()) {
            try {
                s = settings(check.typed(Config.class));
            } catch (IllegalArgumentException e) {
                check.require("data.sources", false, e.getMessage().replaceFirst("^data\\.sources: ", ""));
            }
        }
        return check.passed(alarms) ? s : null;
    }

    @Deactivate
    void deactivate() {
        Collector c = collector;
        collector = null;
        if (c != null) {
            c.close();
        }
    }

    /** From a checked configuration; @throws IllegalArgumentException naming a bad data source */
    static Collector.Settings settings(Config c) {
        List<DataSourceSpec> sources = DataSourceSpec.parseAll(c.data_sources());
        List<String> names = new ArrayList<>();
        for (DataSourceSpec s : sources) {
            if (names.contains(s.name())) {
                throw new IllegalArgumentException("data.sources: data source \"" + s.name() + "\" twice");
            }
            names.add(s.name());
        }
        Path rrd = c.rrd_dir().isBlank() ? Paths.get(System.getProperty("karaf.data", "data"), "rrds")
                : Paths.get(c.rrd_dir());
        return new Collector.Settings(sources, rrd, c.grid_name(), c.authority(), c.bind_address(), c.xml_port(),
                c.interactive_port(), Duration.ofMillis((long) (c.poll_timeout() * 1000)),
                c.max_xml_mib() * 1024L * 1024L);
    }

    @Override
    public List<SourceStatus> sources() {
        Collector c = collector;
        return c == null ? List.of() : c.sources();
    }

    @Override
    public List<String> clusters() {
        Collector c = collector;
        return c == null ? List.of() : c.clusters();
    }

    @Override
    public List<HostState> hosts(String cluster) {
        Collector c = collector;
        return c == null ? List.of() : c.hosts(cluster);
    }

    @Override
    public List<String> metrics(String cluster, String host) {
        Collector c = collector;
        return c == null ? List.of() : c.metrics(cluster, host);
    }

    @Override
    public Series fetch(String cluster, String host, String metric, long from, long to) {
        Collector c = collector;
        return c == null ? new Series(cluster, host, metric, "", from, 15, new double[0])
                : c.fetch(cluster, host, metric, from, to);
    }

    @Override
    public String section() {
        return "metricsCollector";
    }

    @Override
    public Map<String, Object> status() {
        Collector c = collector;
        if (c == null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", startError == null ? "stopped" : "error");
            m.put("error", startError);
            return m;
        }
        return status(c);
    }

    /** The section of a running collector: camelCase keys, numbers as numbers, times as ISO-8601 or null. */
    static Map<String, Object> status(Collector c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", "running");
        m.put("rrdDir", c.settings().rrdDir().toString());
        m.put("bind", c.settings().bind());
        m.put("xmlPort", c.xmlPort());
        m.put("interactivePort", c.interactivePort());
        // connections the two ports refused (slow, garbage, oversized, tooManyConnections)
        Map<String, Object> refused = new LinkedHashMap<>();
        refused.put(XmlServer.XML, org.dsas.metrics.listen.Rejections.named(XmlServer.XML).byKey());
        refused.put(XmlServer.INTERACTIVE, org.dsas.metrics.listen.Rejections.named(XmlServer.INTERACTIVE).byKey());
        m.put("listenerRejections", refused);
        List<Object> sources = new ArrayList<>();
        long lastPoll = 0;
        for (SourceStatus s : c.sources()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", s.name());
            one.put("address", s.address());
            one.put("ok", s.ok());
            one.put("detail", s.detail());
            one.put("lastPoll", time(s.lastPollEpochSeconds()));
            sources.add(one);
            lastPoll = Math.max(lastPoll, s.lastPollEpochSeconds());
        }
        m.put("sources", sources);
        int hosts = 0;
        int up = 0;
        for (String cluster : c.clusters()) {
            for (HostState h : c.hosts(cluster)) {
                hosts++;
                up += h.up() ? 1 : 0;
            }
        }
        m.put("clusters", c.clusters().size());
        m.put("hosts", hosts);
        m.put("hostsUp", up);
        m.put("lastPoll", time(lastPoll));
        long writeMs = 0;
        long updates = 0;
        for (Collector.LastWrite w : c.lastWrites()) {
            writeMs += w.result().nanos() / 1_000_000;
            updates += w.result().updates();
        }
        m.put("lastWriteUpdates", updates);
        m.put("lastWriteMillis", writeMs);
        return m;
    }

    private static String time(long epochSeconds) {
        return epochSeconds == 0 ? null : Instant.ofEpochSecond(epochSeconds).toString();
    }

    @Override
    public List<String> alarms() {
        Collector c = collector;
        if (c == null) {
            return startError == null ? List.of() : List.of("metrics-collector: " + startError);
        }
        List<String> alarms = new ArrayList<>();
        for (SourceStatus s : c.sources()) {
            if (!s.ok() && s.lastPollEpochSeconds() > 0) {
                alarms.add("metrics-collector: data source " + s.name() + " dead: " + s.detail());
            }
        }
        return alarms;
    }
}
