package org.dsas.metrics.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.dsas.core.api.MetricSource;
import org.dsas.metrics.api.ClusterView;
import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricSender;
import org.dsas.metrics.xdr.DropReason;
import org.dsas.metrics.xdr.GangliaMessage;
import org.dsas.metrics.xdr.GangliaMessage.MetricId;
import org.dsas.metrics.xdr.GangliaMessage.Value;
import org.dsas.metrics.xdr.XdrCodec;
import org.dsas.metrics.listen.Limits;
import org.dsas.metrics.listen.PushListener;
import org.dsas.metrics.listen.Rejections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gmond-compatible agent: owns the collection tick (node metrics and every {@link MetricSource}), the send
 * decisions (a value goes out when it changed or at least every tmax/2; metadata at start, every
 * send_metadata_interval and on request), the UDP sender and receiver, and the XML listener on TCP 8649. Runs
 * inside OSGi ({@code AgentComponent}) or standalone (tests).
 */
public final class Agent implements ClusterView, MetricSender, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final AgentSettings s;
    private final NodeCollector collector;
    private final Supplier<List<MetricSource>> sources;
    private final ClusterState state;
    private final MetricId selfId;
    private final String selfIp;
    private final long started = System.currentTimeMillis() / 1000;
    /** Every metric this node reports: its definition and when it was last sent with which value. */
    private final Map<String, MetricDefinition> definitions = new ConcurrentHashMap<>();
    private final Map<String, String> lastSent = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSentAt = new ConcurrentHashMap<>();
    private final AtomicLong packetsSent = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private volatile long lastMetadataAt;
    private volatile long lastMetadataRequestAt;
    private final ScheduledExecutorService tick;
    private DatagramChannel sender;
    private DatagramChannel receiver;
    private PushListener xmlListener;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;
    /**
     * gmond XML port: a poller has 30 s to read the whole document (gmetad's own poll timeout is 10-20 s), at most
     * 8 connections per poller address (gmetad opens one per data source it polls here).
     */
    static final Limits XML_LIMITS = new Limits(30_000, 8, 1024);
    /** The name of the gmond XML listener's counters. */
    static final String XML_LISTENER = "gmondXml";
    /** The name of the Prometheus endpoint's counters (PrometheusEndpoint.LISTENER). */
    static final String PROMETHEUS_LISTENER = "prometheus";
    private Rejections xmlRejections = Rejections.named(XML_LISTENER);

    public Agent(AgentSettings settings, NodeCollector collector, Supplier<List<MetricSource>> sources)
            throws IOException {
        this.s = settings;
        this.collector = collector;
        this.sources = sources;
        this.state = new ClusterState(settings.cluster(), 20, settings.hostDmax());
        this.selfIp = settings.hostIp().isEmpty() ? localAddress() : settings.hostIp();
        // gmond's override_hostname: the host travels as "ip:name" with spoof set; otherwise peers name us by address
        this.selfId = settings.hostName().isEmpty() ? new MetricId(localHostName(), "", false)
                : new MetricId(selfIp + ":" + settings.hostName(), "", true);
        MetricDefinition.NODE.forEach(d -> definitions.put(d.name(), d));
        this.tick = Executors.newSingleThreadScheduledExecutor(r -> named(r, "metrics-agent-tick"));
    }

    /** For tests: counters of their own instead of the bundle's (before {@link #start}). */
    Agent rejections(Rejections r) {
        this.xmlRejections = r;
        return this;
    }

    /** For tests: the address the XML listener bound (null when off). */
    InetSocketAddress xmlAddress() {
        return xmlListener == null ? null : xmlListener.localAddress();
    }

    /** For tests: the address the UDP receiver bound (null when off). */
    InetSocketAddress receiveAddress() throws IOException {
        return receiver == null ? null : (InetSocketAddress) receiver.getLocalAddress();
    }

    /** Opens the sockets and starts collecting; throws if a port cannot be bound. */
    public Agent start() throws IOException {
        if (!s.sendTo().isEmpty()) {
            sender = DatagramChannel.open(StandardProtocolFamily.INET);
            sender.setOption(StandardSocketOptions.IP_MULTICAST_TTL, s.ttl());
            if (!s.multicastInterface().isEmpty()) {
                sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName(s.multicastInterface()));
            }
        }
        if (s.receivePort() > 0) {
            receiver = DatagramChannel.open(StandardProtocolFamily.INET);
            receiver.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            receiver.bind(new InetSocketAddress(InetAddress.getByName(s.receiveBind()), s.receivePort()));
            for (String group : s.multicastJoin()) {
                for (NetworkInterface ni : joinInterfaces()) {
                    receiver.join(InetAddress.getByName(group), ni);
                }
            }
            threads.add(named(this::receiveLoop, "metrics-agent-udp-" + s.receivePort()));
        }
        if (s.tcpPort() > 0) {
            // Netty, one event loop: a poller that connects and never reads holds only its own connection.
            xmlListener = new PushListener("metrics-agent-xml-" + s.tcpPort(),
                    new InetSocketAddress(InetAddress.getByName(s.tcpBind()), s.tcpPort()), XML_LIMITS,
                    xmlRejections, this::xml, StandardCharsets.ISO_8859_1);
        }
        threads.forEach(Thread::start);
        tick.scheduleWithFixedDelay(this::collectSafely, 0, s.collectInterval(), TimeUnit.SECONDS);
        LOG.info("metrics agent {} cluster {}: sending to {}, receiving on {}:{} (groups {}), XML on {}:{}", selfId.host(),
                s.cluster(), s.sendTo(), s.receiveBind(), s.receivePort(), s.multicastJoin(), s.tcpBind(), s.tcpPort());
        return this;
    }

    private List<NetworkInterface> joinInterfaces() throws SocketException {
        if (!s.multicastInterface().isEmpty()) {
            NetworkInterface ni = NetworkInterface.getByName(s.multicastInterface());
            if (ni == null) {
                throw new SocketException("metrics agent: multicast interface " + s.multicastInterface() + " not found");
            }
            return List.of(ni);
        }
        List<NetworkInterface> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback() && ni.supportsMulticast()
                    && ni.inetAddresses().anyMatch(a -> a instanceof Inet4Address)) {
                out.add(ni);
            }
        }
        return out;
    }

    // ---- collection and sending

    private void collectSafely() {
        try {
            collect(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("metrics agent {}: collection failed: {}", selfId.host(), e.toString());
        }
    }

    /** One tick: sample, decide what to send, send it, expire what the cluster state outlived. */
    void collect(long now) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("heartbeat", Long.toString(started));
        values.put("location", s.location());
        values.putAll(collector.sample(System.nanoTime()));
        for (MetricSource source : sources.get()) {
            try {
                for (MetricSource.Metric m : source.collect()) {
                    definitions.put(m.name(), new MetricDefinition(m.name(), "double", m.units(),
                            m.counter() ? "positive" : "both", 60, 0, "%f", source.group(),
                            m.description(), m.name()));
                    values.put(m.name(), Double.toString(m.value()));
                }
            } catch (RuntimeException e) {
                LOG.warn("metrics agent {}: metric source {} failed: {}", selfId.host(), source.group(), e.toString());
            }
        }
        boolean metadataDue = lastMetadataAt == 0
                || s.sendMetadataInterval() > 0 && now - lastMetadataAt >= s.sendMetadataInterval() * 1000L;
        if (metadataDue) {
            lastMetadataAt = now;
        }
        values.forEach((name, value) -> {
            MetricDefinition d = definitions.get(name);
            if (d == null) {
                return;
            }
            if (metadataDue) {
                emit(d.metadata(id(name)));
            }
            Long at = lastSentAt.get(name);
            // with the metadata goes every value, so a peer that just joined learns constant metrics too
            boolean due = metadataDue || at == null || now - at >= d.tmax() * 500L || !value.equals(lastSent.get(name));
            if (due) {
                emit(Value.of(d.kind(), id(name), d.format(), value));
                lastSent.put(name, value);
                lastSentAt.put(name, now);
            }
        });
        state.expire(now);
    }

    private MetricId id(String name) {
        return new MetricId(selfId.host(), name, selfId.spoof());
    }

    /** Sends one message and records it in our own view (so this node is listed even with sending off). */
    private void emit(GangliaMessage m) {
        state.accept(selfIp, m, System.currentTimeMillis());
        if (sender == null) {
            return;
        }
        ByteBuffer packet = ByteBuffer.wrap(XdrCodec.encode(m));
        for (InetSocketAddress to : s.sendTo()) {
            try {
                sender.send(packet.duplicate(), to);
                packetsSent.incrementAndGet();
            } catch (IOException e) {
                if (sendErrors.getAndIncrement() % 100 == 0) {
                    LOG.warn("metrics agent {}: send {} to {}: {}", selfId.host(), m.id().name(), to, e.toString());
                }
            }
        }
    }

    private void resendMetadata() {
        long now = System.currentTimeMillis();
        // a cluster's every receiver may ask at once: answer once per second
        if (now - lastMetadataRequestAt < 1000) {
            return;
        }
        lastMetadataRequestAt = now;
        for (Map.Entry<String, String> sent : lastSent.entrySet()) {
            MetricDefinition d = definitions.get(sent.getKey());
            if (d != null) {
                emit(d.metadata(id(sent.getKey())));
                emit(Value.of(d.kind(), id(sent.getKey()), d.format(), sent.getValue()));
            }
        }
    }

    @Override
    public void send(String name, String value, String type, String units, String slope, int tmax, int dmax,
            String group, String description) {
        if (name == null || name.isBlank() || name.contains(" ")) {
            throw new IllegalArgumentException("metric name '" + name + "': empty or contains a space");
        }
        if (!GangliaMessage.TYPES.contains(type)) {
            throw new IllegalArgumentException("metric " + name + ": type " + type + " is not one of "
                    + GangliaMessage.TYPES);
        }
        if (!GangliaMessage.SLOPES.contains(slope)) {
            throw new IllegalArgumentException("metric " + name + ": slope " + slope + " is not one of "
                    + GangliaMessage.SLOPES);
        }
        if (!type.equals("string")) {
            try {
                Double.parseDouble(value);
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("metric " + name + ": value " + value + " is not a " + type);
            }
        }
        String format = switch (type) {
            case "string" -> "%s";
            case "float", "double" -> "%f";
            case "int8", "int16", "int32" -> "%d";
            default -> "%u";
        };
        MetricDefinition d = new MetricDefinition(name, type, units == null ? "" : units, slope, tmax, dmax, format,
                group == null || group.isEmpty() ? "gmetric" : group, description == null ? name : description, name);
        // gmetric sends once: metadata then value; peers keep it until its dmax
        emit(d.metadata(id(name)));
        emit(Value.of(d.kind(), id(name), format, value));
    }

    // ---- receiving

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (!closed) {
            try {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) receiver.receive(buf);
                buf.flip();
                receive(from.getAddress().getHostAddress(), buf);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("metrics agent {}: receive on {}: {}", selfId.host(), s.receivePort(), e.toString());
                }
            } catch (RuntimeException e) {
                // the codec never throws; this is a bug, and the receiver must survive it
                LOG.error("metrics agent {}: packet handling failed", selfId.host(), e);
            }
        }
    }

    /** Takes one UDP payload: decode, count a drop, or update the cluster state. */
    void receive(String sourceIp, ByteBuffer payload) {
        XdrCodec.Decoded d = XdrCodec.decode(payload);
        if (!d.ok()) {
            state.drop(d.drop());
            return;
        }
        if (d.message() instanceof GangliaMessage.MetadataRequest) {
            resendMetadata();
            return;
        }
        GangliaMessage.MetadataRequest ask = state.accept(sourceIp, d.message(), System.currentTimeMillis());
        if (ask != null) {
            emit(ask);
        }
    }

    // ---- XML

    /** The cluster as gmond's tcp_accept_channel serves it. */
    public String xml() {
        long now = System.currentTimeMillis();
        return GmondXml.write(new GmondXml.ClusterInfo(s.cluster(), s.owner(), s.latlong(), s.url()), now / 1000,
                state.hosts(now), state::extra);
    }

    // ---- views

    @Override
    public String cluster() {
        return s.cluster();
    }

    @Override
    public List<HostState> hosts() {
        return state.hosts(System.currentTimeMillis());
    }

    @Override
    public Map<String, Long> drops() {
        return state.drops();
    }

    /** The section of dsas:status. */
    public Map<String, Object> status() {
        Map<String, Object> m = status(s.cluster(), selfId.host(), hosts(), packetsSent.get(), sendErrors.get(),
                state.received(), state.drops());
        // connections the TCP listeners of this section refused (gmond XML, Prometheus), per reason; the collector's
        // ports are in its own section
        Map<String, Object> refused = new LinkedHashMap<>();
        refused.put(XML_LISTENER, Rejections.named(XML_LISTENER).byKey());
        refused.put(PROMETHEUS_LISTENER, Rejections.named(PROMETHEUS_LISTENER).byKey());
        m.put("listenerRejections", refused);
        return m;
    }

    /**
     * The section's one JSON form: camelCase keys, counts as numbers, the receive drops that happened keyed by
     * reason in camelCase ({@code too_short} is {@code tooShort}).
     */
    static Map<String, Object> status(String cluster, String host, List<HostState> hosts, long sent, long sendErrors,
            long received, Map<String, Long> drops) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster);
        m.put("host", host);
        m.put("hosts", hosts.size());
        m.put("hostsUp", hosts.stream().filter(HostState::up).count());
        m.put("packetsSent", sent);
        m.put("sendErrors", sendErrors);
        m.put("packetsReceived", received);
        Map<String, Long> dropped = new LinkedHashMap<>();
        drops.forEach((k, v) -> {
            if (v > 0) {
                dropped.put(camelCase(k), v);
            }
        });
        m.put("drops", dropped);
        return m;
    }

    private static String camelCase(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    public String selfName() {
        return selfId.spoof() ? s.hostName() : selfIp;
    }

    @Override
    public void close() {
        closed = true;
        tick.shutdownNow();
        closeQuietly(receiver);
        closeQuietly(sender);
        if (xmlListener != null) {
            xmlListener.close();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static Thread named(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The first IPv4 address of an up, non-loopback interface: what peers see our packets come from. */
    static String localAddress() {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp() && !ni.isLoopback()) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        if (a instanceof Inet4Address) {
                            return a.getHostAddress();
                        }
                    }
                }
            }
        } catch (SocketException e) {
            // fall through
        }
        return "127.0.0.1";
    }

    private static String localHostName() {
        try {
            String n = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
            return n.isEmpty() ? "localhost" : n;
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** For the tests: count a drop as the receiver would. */
    void drop(DropReason r) {
        state.drop(r);
    }
}
