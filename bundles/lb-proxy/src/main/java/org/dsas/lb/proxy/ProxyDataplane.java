package org.dsas.lb.proxy;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneException;
import org.dsas.lb.dataplane.DataplaneException.Reason;
import org.dsas.lb.proxy.scheduler.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The userspace L4 proxy dataplane: per virtual service a listener on its address and port (TCP: accept and
 * splice to a real server; UDP: per-client sessions), all on one shared event loop group. Only masquerading
 * (the proxy connects to the real server from this box's own address). Deleting a real server or changing a
 * scheduler never touches established connections; deleting a service closes its listener, while established
 * TCP connections run on until either end closes them (UDP sessions end with the listener).
 */
public final class ProxyDataplane implements Dataplane {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyDataplane.class);

    /** Tunables, from the provider's configuration. */
    public record Settings(int threads, int udpIdleSeconds, int connectTimeoutMillis, int backlog, String transport) {

        public static final Settings DEFAULTS = new Settings(0, 300, 5000, 1024, "auto");
    }

    private final Settings settings;
    private final ProxyTransport transport;
    private final EventLoopGroup group;
    private final Map<ServiceKey, ProxyService> services = new TreeMap<>();
    private final ScheduledFuture<?> estimator;

    public ProxyDataplane(Settings settings) {
        this.settings = settings;
        this.transport = ProxyTransport.named(settings.transport());
        int threads = settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
        this.group = transport.group(threads, new DefaultThreadFactory("dsas-lb-proxy", true));
        this.estimator = group.next().scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
        LOG.info("lb proxy: started on {} with {} event loop threads", transport.name(), threads);
    }

    @Override
    public String name() {
        return "proxy";
    }

    /** The Netty transport in use ("nio"). */
    String transport() {
        return transport.name();
    }

    @Override
    public Set<String> schedulers() {
        return Scheduler.NAMES;
    }

    @Override
    public Set<ForwardMethod> methods() {
        return EnumSet.of(ForwardMethod.MASQUERADE);
    }

    @Override
    public synchronized List<ServiceState> read() {
        List<ServiceState> out = new ArrayList<>();
        for (ProxyService s : services.values()) {
            out.add(s.state());
        }
        return out;
    }

    @Override
    public synchronized void addService(VirtualService service) throws DataplaneException {
        ServiceKey key = service.key();
        String op = "add service " + key;
        if (key.isFwmark()) {
            throw new DataplaneException(Reason.UNSUPPORTED, op + ": UNSUPPORTED (the proxy listens on an address"
                    + " and port; firewall-mark services need the ipvs or nftables dataplane)");
        }
        if (key.protocol() == Protocol.SCTP) {
            throw new DataplaneException(Reason.UNSUPPORTED, op + ": UNSUPPORTED (the proxy forwards TCP and UDP only)");
        }
        if (key.endpoint().port() == 0) {
            throw new DataplaneException(Reason.UNSUPPORTED, op + ": UNSUPPORTED (a proxy listener needs a port;"
                    + " all-ports services need the ipvs dataplane)");
        }
        checkScheduler(op, service.scheduler());
        if (services.containsKey(key)) {
            throw new DataplaneException(Reason.EXISTS, op + ": EEXIST (already exists)");
        }
        ProxyService ps = new ProxyService(service);
        ps.listener = bind(ps, op);
        services.put(key, ps);
        LOG.info("lb proxy[{}]: listening, scheduler {}", key, service.scheduler());
    }

    private Channel bind(ProxyService ps, String op) throws DataplaneException {
        Endpoint e = ps.settings().key().endpoint();
        InetSocketAddress at = new InetSocketAddress(e.address(), e.port());
        ChannelFuture f;
        if (ps.udp()) {
            Bootstrap b = new Bootstrap().group(group).channel(transport.datagramChannel());
            transport.listenerOptions().forEach((k, v) -> b.option(option(k), v));
            f = b.handler(new UdpForwarder(ps, transport, settings.udpIdleSeconds())).bind(at);
        } else {
            ServerBootstrap b = new ServerBootstrap();
            transport.listenerOptions().forEach((k, v) -> b.option(option(k), v));
            f = b.group(group).channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, settings.backlog())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new TcpFrontend(ps, transport, settings.connectTimeoutMillis())).bind(at);
        }
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            Throwable c = f.cause();
            String msg = String.valueOf(c.getMessage());
            if (c instanceof BindException && msg.contains("assign requested address")) {
                throw new DataplaneException(Reason.FAILED, op + ": EADDRNOTAVAIL (" + e.address().getHostAddress()
                        + " is not an address of this host; add it to an interface first)", c);
            }
            if (c instanceof BindException && msg.contains("in use")) {
                throw new DataplaneException(Reason.FAILED, op + ": EADDRINUSE (another socket listens on " + e + ")", c);
            }
            if (c instanceof BindException && msg.contains("ermission")) {
                throw new DataplaneException(Reason.PERMISSION, op + ": EACCES (port " + e.port()
                        + " needs root or CAP_NET_BIND_SERVICE)", c);
            }
            throw new DataplaneException(Reason.FAILED, op + ": cannot listen on " + e + ": " + msg, c);
        }
        return f.channel();
    }

    @SuppressWarnings("unchecked")
    private static ChannelOption<Object> option(ChannelOption<?> o) {
        return (ChannelOption<Object>) o;
    }

    @Override
    public synchronized void editService(VirtualService service) throws DataplaneException {
        String op = "edit service " + service.key();
        ProxyService ps = existing(service.key(), op);
        checkScheduler(op, service.scheduler());
        ps.edit(service);
        LOG.info("lb proxy[{}]: scheduler {}, persistence {} s /{}", service.key(), service.scheduler(),
                service.persistenceTimeout(), service.persistenceNetmask());
    }

    @Override
    public synchronized void deleteService(ServiceKey key) throws DataplaneException {
        ProxyService ps = existing(key, "delete service " + key);
        services.remove(key);
        ps.listener.close().awaitUninterruptibly();
        LOG.info("lb proxy[{}]: deleted, listener closed", key);
    }

    @Override
    public synchronized void addServer(ServiceKey service, RealServer server) throws DataplaneException {
        String op = "add real server " + server.endpoint() + " to " + service;
        ProxyService ps = existing(service, op);
        checkMethod(op, server);
        if (ps.backend(server.endpoint()) != null) {
            throw new DataplaneException(Reason.EXISTS, op + ": EEXIST (already exists)");
        }
        if (server.endpoint().ipv6() != service.ipv6()) {
            // IPVS refuses mixed families for NAT; a proxy could bridge them, but keep one model.
            throw new DataplaneException(Reason.INVALID, op + ": EINVAL (address family differs from the service's)");
        }
        ps.add(server);
        LOG.info("lb proxy[{}]: real server {} added, weight {}", service, server.endpoint(), server.weight());
    }

    @Override
    public synchronized void editServer(ServiceKey service, RealServer server) throws DataplaneException {
        String op = "edit real server " + server.endpoint() + " of " + service;
        ProxyService ps = existing(service, op);
        checkMethod(op, server);
        ProxyBackend b = ps.backend(server.endpoint());
        if (b == null) {
            throw new DataplaneException(Reason.MISSING, op + ": ENOENT (no such real server)");
        }
        ps.edit(b, server);
        LOG.info("lb proxy[{}]: real server {} weight {}, thresholds {}/{}", service, server.endpoint(),
                server.weight(), server.upperThreshold(), server.lowerThreshold());
    }

    @Override
    public synchronized void deleteServer(ServiceKey service, Endpoint server) throws DataplaneException {
        String op = "delete real server " + server + " from " + service;
        ProxyService ps = existing(service, op);
        ProxyBackend b = ps.backend(server);
        if (b == null) {
            throw new DataplaneException(Reason.MISSING, op + ": ENOENT (no such real server)");
        }
        ps.remove(b);
        LOG.info("lb proxy[{}]: real server {} deleted, {} connections left to finish", service, server,
                b.activeConnections() + b.inactiveConnections());
    }

    @Override
    public synchronized void zero(ServiceKey key) throws DataplaneException {
        if (key == null) {
            services.values().forEach(ProxyService::zero);
        } else {
            existing(key, "zero counters of " + key).zero();
        }
    }

    @Override
    public synchronized void flush() {
        for (ProxyService ps : services.values()) {
            ps.listener.close().awaitUninterruptibly();
        }
        services.clear();
        LOG.info("lb proxy: flushed");
    }

    @Override
    public void close() {
        estimator.cancel(false);
        synchronized (this) {
            for (ProxyService ps : services.values()) {
                ps.listener.close();
            }
            services.clear();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        LOG.info("lb proxy: stopped");
    }

    private void sample() {
        long now = System.nanoTime();
        List<ProxyService> list;
        synchronized (this) {
            list = List.copyOf(services.values());
        }
        for (ProxyService ps : list) {
            ps.sample(now);
        }
    }

    private ProxyService existing(ServiceKey key, String op) throws DataplaneException {
        ProxyService ps = services.get(key);
        if (ps == null) {
            throw new DataplaneException(Reason.MISSING, op + ": ENOENT (no such service)");
        }
        return ps;
    }

    private static void checkScheduler(String op, String scheduler) throws DataplaneException {
        if (!Scheduler.NAMES.contains(scheduler)) {
            throw new DataplaneException(Reason.UNSUPPORTED, op + ": UNSUPPORTED (scheduler '" + scheduler
                    + "'; the proxy has " + String.join(", ", new java.util.TreeSet<>(Scheduler.NAMES)) + ")");
        }
    }

    private static void checkMethod(String op, RealServer server) throws DataplaneException {
        if (server.method() != ForwardMethod.MASQUERADE) {
            throw new DataplaneException(Reason.UNSUPPORTED, op + ": UNSUPPORTED (forwarding method "
                    + server.method().ipvsadmName() + " of " + server.endpoint()
                    + "; a proxy can only masquerade)");
        }
    }

    /** The service's live UDP sessions or the like: for tests. */
    synchronized ProxyService service(ServiceKey key) {
        return services.get(key);
    }
}
