package org.dsas.metrics.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.ConfigRange;
import org.dsas.core.api.MetricSource;
import org.dsas.core.api.StatusContributor;
import org.dsas.metrics.api.ClusterView;
import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricSender;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The agent as a DS component (pid org.dsas.metrics.agent): owns the {@link Agent}'s life (a configuration change
 * restarts it, sockets included) and the set of {@link MetricSource}s it collects. Registers the cluster view,
 * gmetric-style sending and the "metrics" section of dsas:status.
 */
@Component(service = {ClusterView.class, MetricSender.class, StatusContributor.class}, configurationPid = AgentComponent.PID,
        immediate = true)
@Designate(ocd = AgentComponent.Config.class)
public class AgentComponent implements ClusterView, MetricSender, StatusContributor {

    static final String PID = "org.dsas.metrics.agent";

    @ObjectClassDefinition(name = "DSAS metrics agent (gmond-compatible)")
    public @interface Config {
        @AttributeDefinition(description = "Cluster name (gmond's cluster { name })")
        String cluster_name() default "dsas";

        @AttributeDefinition(description = "Cluster owner shown in the XML")
        String cluster_owner() default "unspecified";

        @AttributeDefinition(description = "Cluster latitude/longitude shown in the XML")
        String cluster_latlong() default "unspecified";

        @AttributeDefinition(description = "Cluster URL shown in the XML")
        String cluster_url() default "unspecified";

        @AttributeDefinition(description = "This host's location (gmond's host { location })")
        String host_location() default "unspecified";

        @AttributeDefinition(description = "Host name to report (empty: peers name us by address, as gmond does)")
        String host_name() default "";

        @AttributeDefinition(description = "Address to report with host.name (empty: the first non-loopback IPv4)")
        String host_ip() default "";

        @AttributeDefinition(description = "Where to send, address:port, comma-separated; empty: send nothing")
        String[] send_channels() default {"239.2.11.71:8649"};

        @AttributeDefinition(description = "Multicast TTL (0-255)")
        @ConfigRange(min = 0, max = 255)
        int send_ttl() default 1;

        @AttributeDefinition(description = "Interface for multicast send and join (empty: every multicast-capable one)")
        String multicast_interface() default "";

        @AttributeDefinition(description = "UDP port to receive on (0: off)")
        @ConfigRange(min = 0, max = 65535)
        int receive_port() default 8649;

        @AttributeDefinition(description = "Address the UDP receiver binds")
        String receive_bind() default "0.0.0.0";

        @AttributeDefinition(description = "Multicast groups to join, comma-separated (empty: unicast only)")
        String[] receive_groups() default {"239.2.11.71"};

        @AttributeDefinition(description = "TCP port of the gmond XML (0: off)")
        @ConfigRange(min = 0, max = 65535)
        int tcp_port() default 8649;

        @AttributeDefinition(description = "Address the XML listener binds")
        String tcp_bind() default "0.0.0.0";

        @AttributeDefinition(description = "Seconds between collections (1-3600)")
        @ConfigRange(min = 1, max = 3600)
        int collect_interval() default 15;

        @AttributeDefinition(description = "Seconds between metadata resends (0: only at start and on request)")
        @ConfigRange(min = 0, max = 86400)
        int send_metadata_interval() default 60;

        @AttributeDefinition(description = "Seconds after which a silent host is forgotten (0: never)")
        @ConfigRange(min = 0, max = Integer.MAX_VALUE)
        int host_dmax() default 86400;

        @AttributeDefinition(description = "Root under which proc/ and sys/ are read (tests)")
        String proc_root() default "/";
    }

    private final List<MetricSource> sources = new CopyOnWriteArrayList<>();
    private Agent agent;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(MetricSource s) {
        sources.add(s);
    }

    void removeSource(MetricSource s) {
        sources.remove(s);
    }

    @Reference
    ConfigAlarms alarms;

    /** Settings from etc/org.dsas.metrics.agent.cfg; refused ones (alarm) leave the defaults running. */
    @Activate
    void activate(Map<String, Object> props) throws IOException {
        AgentSettings s = settings(props);
        start(s != null ? s : settings(ConfigCheck.of(PID, Config.class, Map.of())));
    }

    /** A changed configuration restarts the agent with it; a refused one (alarm) leaves the agent running as it is. */
    @Modified
    void modified(Map<String, Object> props) throws IOException {
        AgentSettings s = settings(props);
        if (s == null) {
            return;
        }
        agent.close();
        start(s);
    }

    /** The agent running now. */
    Agent agent() {
        return agent;
    }

    private void start(AgentSettings s) throws IOException {
        agent = new Agent(s, new NodeCollector(s.procRoot(), NodeCollector.STATVFS), () -> List.copyOf(sources))
                .start();
    }

    /** The settings, or null when the configuration is refused (every problem reported to the alarms). */
    AgentSettings settings(Map<String, Object> props) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props);
        AgentSettings s = settings(check);
        return check.passed(alarms) ? s : null;
    }

    private static AgentSettings settings(ConfigCheck check) {
        Config c = check.typed(Config.class);
        List<java.net.InetSocketAddress> channels = List.of();
        try {
            channels = AgentSettings.channels(split(c.send_channels()));
        } catch (IllegalArgumentException e) {
            check.require("send.channels", false, e.getMessage().replace("metrics agent: ", ""));
        }
        check.require("proc.root", !c.proc_root().isBlank(), "empty");
        if (!check.ok()) {
            return null;
        }
        return settings(c, channels);
    }

    static AgentSettings settings(Config c, List<java.net.InetSocketAddress> channels) {
        return new AgentSettings(c.cluster_name(), c.cluster_owner(), c.cluster_latlong(), c.cluster_url(),
                c.host_location(), c.host_name().trim(), c.host_ip().trim(),
                channels, c.send_ttl(), c.multicast_interface().trim(),
                c.receive_bind(), c.receive_port(), Arrays.asList(split(c.receive_groups())), c.tcp_bind(),
                c.tcp_port(), c.collect_interval(), c.send_metadata_interval(), c.host_dmax(), Path.of(c.proc_root()));
    }

    /** A .cfg value is one string: accept "a, b" as well as a real array. */
    static String[] split(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values == null ? new String[0] : values) {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out.toArray(String[]::new);
    }

    @Deactivate
    void deactivate() {
        if (agent != null) {
            agent.close();
        }
    }

    @Override
    public String cluster() {
        return agent.cluster();
    }

    @Override
    public List<HostState> hosts() {
        return agent.hosts();
    }

    @Override
    public Map<String, Long> drops() {
        return agent.drops();
    }

    @Override
    public void send(String name, String value, String type, String units, String slope, int tmax, int dmax,
            String group, String description) {
        agent.send(name, value, type, units, slope, tmax, dmax, group, description);
    }

    @Override
    public String section() {
        return "metrics";
    }

    @Override
    public Map<String, Object> status() {
        return agent.status();
    }
}
