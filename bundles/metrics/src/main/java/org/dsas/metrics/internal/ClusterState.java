package org.dsas.metrics.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricValue;
import org.dsas.metrics.xdr.DropReason;
import org.dsas.metrics.xdr.GangliaMessage;
import org.dsas.metrics.xdr.GangliaMessage.ExtraData;
import org.dsas.metrics.xdr.GangliaMessage.Metadata;
import org.dsas.metrics.xdr.GangliaMessage.MetricId;
import org.dsas.metrics.xdr.GangliaMessage.Value;

/**
 * Owns what this agent knows of its cluster, as gmond keeps it: every host heard (ours and real gmond's), keyed
 * by name, with each metric's metadata and latest value, and the receive counters. A host without spoofing is
 * named by its packets' source address (gmond would reverse-resolve it; we never do name lookups on the receive
 * path). Thread-safe; times are epoch milliseconds passed in.
 */
public final class ClusterState {

    /** gmond hides these as metrics: heartbeat is GMOND_STARTED, location is the HOST LOCATION attribute. */
    private static final String HEARTBEAT = "heartbeat";
    private static final String LOCATION = "location";

    private static final class Host {
        final String name;
        String ip;
        long lastHeard;
        long started;
        String location = "unspecified";
        final Map<String, Metadata> metadata = new LinkedHashMap<>();
        final Map<String, Value> values = new LinkedHashMap<>();
        final Map<String, Long> valueTimes = new LinkedHashMap<>();

        Host(String name, String ip) {
            this.name = name;
            this.ip = ip;
        }
    }

    private final String cluster;
    private final int hostTmax;
    private final int hostDmax;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<DropReason, AtomicLong> drops = new EnumMap<>(DropReason.class);
    private final AtomicLong received = new AtomicLong();

    /** @param hostDmax seconds after which a silent host is forgotten, 0: never (gmond's host_dmax) */
    public ClusterState(String cluster, int hostTmax, int hostDmax) {
        this.cluster = cluster;
        this.hostTmax = hostTmax;
        this.hostDmax = hostDmax;
        for (DropReason r : DropReason.values()) {
            drops.put(r, new AtomicLong());
        }
    }

    public void drop(DropReason reason) {
        drops.get(reason).incrementAndGet();
    }

    /**
     * Takes one decoded message from {@code sourceIp}. Returns the metadata request to send when a value arrived
     * for a metric whose metadata is unknown (gmond asks its sender the same way), else null.
     */
    public synchronized GangliaMessage.MetadataRequest accept(String sourceIp, GangliaMessage m, long now) {
        received.incrementAndGet();
        if (m instanceof GangliaMessage.MetadataRequest) {
            return null;
        }
        MetricId id = m.id();
        String name = sourceIp;
        String ip = sourceIp;
        if (id.spoof()) {
            int colon = id.host().indexOf(':');
            if (colon <= 0 || colon == id.host().length() - 1) {
                drop(DropReason.BAD_HOST);
                return null;
            }
            ip = id.host().substring(0, colon);
            name = id.host().substring(colon + 1);
        }
        if (m instanceof Metadata md) {
            Host h = host(name, ip, now);
            h.metadata.put(md.name(), md);
            return null;
        }
        Value v = (Value) m;
        Host known = hosts.get(name);
        if (known == null || !known.metadata.containsKey(id.name())) {
            drop(DropReason.NO_METADATA);
            return new GangliaMessage.MetadataRequest(id);
        }
        Host h = host(name, ip, now);
        if (id.name().equals(HEARTBEAT)) {
            h.started = v.integer();
        } else if (id.name().equals(LOCATION) && v.text() != null) {
            h.location = v.text();
        }
        h.values.put(id.name(), v);
        h.valueTimes.put(id.name(), now);
        return null;
    }

    private Host host(String name, String ip, long now) {
        Host h = hosts.computeIfAbsent(name, n -> new Host(n, ip));
        h.ip = ip;
        h.lastHeard = now;
        return h;
    }

    /** Forgets hosts silent for more than host_dmax and metrics older than their dmax (when > 0). */
    public synchronized void expire(long now) {
        hosts.values().removeIf(h -> hostDmax > 0 && now - h.lastHeard > hostDmax * 1000L);
        for (Host h : hosts.values()) {
            h.values.keySet().removeIf(name -> {
                Metadata md = h.metadata.get(name);
                return md != null && md.dmax() > 0 && now - h.valueTimes.get(name) > md.dmax() * 1000;
            });
        }
    }

    public synchronized List<HostState> hosts(long now) {
        List<HostState> out = new ArrayList<>();
        for (Host h : hosts.values()) {
            List<MetricValue> metrics = new ArrayList<>();
            h.values.forEach((name, v) -> {
                if (name.equals(HEARTBEAT) || name.equals(LOCATION)) {
                    return;
                }
                Metadata md = h.metadata.get(name);
                int tn = (int) ((now - h.valueTimes.get(name)) / 1000);
                boolean builtIn = MetricDefinition.BY_NAME.containsKey(name);
                metrics.add(new MetricValue(name, v.formatted(), md.type(), md.units(), tn, (int) md.tmax(),
                        (int) md.dmax(), md.slopeName(), builtIn ? "gmond" : "gmetric", md.extra("GROUP"),
                        md.extra("DESC"), md.extra("TITLE")));
            });
            out.add(new HostState(cluster, h.name, h.ip, h.lastHeard / 1000, (int) ((now - h.lastHeard) / 1000),
                    hostTmax, hostDmax, h.location, h.started, metrics));
        }
        return out;
    }

    /** Every extra-data element a host's metric came with (gmond's XML prints them all). */
    public synchronized List<ExtraData> extra(String host, String metric) {
        Host h = hosts.get(host);
        Metadata md = h == null ? null : h.metadata.get(metric);
        return md == null ? List.of() : md.extra();
    }

    public Map<String, Long> drops() {
        Map<String, Long> out = new LinkedHashMap<>();
        drops.forEach((r, n) -> out.put(r.key(), n.get()));
        return out;
    }

    public long received() {
        return received.get();
    }

    public String cluster() {
        return cluster;
    }
}
