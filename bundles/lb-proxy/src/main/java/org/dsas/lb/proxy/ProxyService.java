package org.dsas.lb.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.proxy.scheduler.Request;
import org.dsas.lb.proxy.scheduler.Scheduler;

import io.netty.channel.Channel;

/**
 * One virtual service of the proxy: its settings, real servers, scheduler, persistence templates and
 * counters, and the listener channel. Placing a connection ({@link #pick}) and changing servers or settings
 * are serialised on this object; the connections themselves run on the event loops.
 */
final class ProxyService {

    /** A client network's affinity to a real server (IPVS persistence template). */
    static final class Template {
        final ProxyBackend backend;
        int connections;
        long lastUseNanos;

        Template(ProxyBackend backend) {
            this.backend = backend;
        }
    }

    private volatile VirtualService settings;
    private Scheduler scheduler;
    /** Replaced (never mutated) on every server change, so schedulers see a new list and rebuild. */
    private volatile List<ProxyBackend> backends = List.of();
    private final Map<InetAddress, Template> templates = new HashMap<>();
    final TrafficCounters counters = new TrafficCounters();
    volatile Channel listener;

    ProxyService(VirtualService settings) {
        this.settings = settings.withoutServers();
        this.scheduler = Scheduler.create(settings.scheduler(), settings.flags());
    }

    VirtualService settings() {
        return settings;
    }

    String name() {
        return settings.key().toString();
    }

    boolean udp() {
        return settings.key().protocol() == org.dsas.lb.api.Protocol.UDP;
    }

    /** New scheduler, persistence and flags; servers and open connections stay. */
    synchronized void edit(VirtualService updated) {
        VirtualService old = settings;
        settings = updated.withoutServers();
        if (!old.scheduler().equals(updated.scheduler()) || old.flags() != updated.flags()) {
            scheduler = Scheduler.create(updated.scheduler(), updated.flags());
        }
        if (updated.persistenceTimeout() == 0 || updated.persistenceNetmask() != old.persistenceNetmask()) {
            dropTemplates();
        }
    }

    List<ProxyBackend> backends() {
        return backends;
    }

    synchronized ProxyBackend backend(Endpoint endpoint) {
        for (ProxyBackend b : backends) {
            if (b.endpoint().equals(endpoint)) {
                return b;
            }
        }
        return null;
    }

    synchronized void add(RealServer server) {
        List<ProxyBackend> next = new ArrayList<>(backends);
        next.add(new ProxyBackend(server, settings.key().endpoint().port()));
        next.sort((a, b) -> a.endpoint().compareTo(b.endpoint()));
        backends = List.copyOf(next);
    }

    synchronized void edit(ProxyBackend backend, RealServer server) {
        backend.server(server);
        backends = List.copyOf(backends);
    }

    /** Takes the server out of scheduling; its open connections keep running to their end. */
    synchronized void remove(ProxyBackend backend) {
        List<ProxyBackend> next = new ArrayList<>(backends);
        next.remove(backend);
        backends = List.copyOf(next);
        templates.values().removeIf(t -> {
            if (t.backend == backend) {
                backend.persistent--;
                return true;
            }
            return false;
        });
    }

    /**
     * Places a new connection from {@code client} to {@code local}: the client network's persistence
     * template if it is alive and its server takes connections, else the scheduler's choice. Binds the
     * connection to the server (counts it); null when no server may take it.
     */
    synchronized ProxyBackend pick(InetSocketAddress client, InetAddress local, long nanos) {
        VirtualService s = settings;
        Template template = null;
        ProxyBackend chosen = null;
        InetAddress network = null;
        if (s.persistenceTimeout() > 0) {
            network = mask(client.getAddress(), s.persistenceNetmask());
            template = templates.get(network);
            if (template != null && expired(template, nanos, s)) {
                template.backend.persistent--;
                templates.remove(network);
                template = null;
            }
            // A quiesced (weight 0) or deleted server gets no new connections, persistent or not.
            if (template != null && template.backend.weight() > 0 && backends.contains(template.backend)) {
                chosen = template.backend;
            }
        }
        if (chosen == null) {
            chosen = scheduler.pick(backends, new Request(client.getAddress(), client.getPort(), local));
            if (chosen == null) {
                return null;
            }
            if (network != null) {
                if (template != null) {
                    template.backend.persistent--;
                }
                template = new Template(chosen);
                chosen.persistent++;
                templates.put(network, template);
            }
        }
        if (template != null) {
            template.connections++;
            template.lastUseNanos = nanos;
        }
        chosen.bind(udp());
        counters.connection();
        return chosen;
    }

    /** The connection placed by {@link #pick} ended. */
    synchronized void release(ProxyBackend backend, InetSocketAddress client, long nanos) {
        backend.unbind(udp());
        VirtualService s = settings;
        if (s.persistenceTimeout() > 0) {
            Template t = templates.get(mask(client.getAddress(), s.persistenceNetmask()));
            if (t != null && t.backend == backend && t.connections > 0) {
                t.connections--;
                t.lastUseNanos = nanos;
            }
        }
    }

    /** Drops persistence templates unused for longer than the timeout; called once a second. */
    synchronized void expire(long nanos) {
        VirtualService s = settings;
        for (Iterator<Template> it = templates.values().iterator(); it.hasNext();) {
            Template t = it.next();
            if (expired(t, nanos, s)) {
                t.backend.persistent--;
                it.remove();
            }
        }
    }

    private synchronized void dropTemplates() {
        templates.values().forEach(t -> t.backend.persistent--);
        templates.clear();
    }

    /** Expired: no connection uses it and the last one started or ended more than the timeout ago. */
    private static boolean expired(Template t, long nanos, VirtualService s) {
        return t.connections == 0 && nanos - t.lastUseNanos > s.persistenceTimeout() * 1_000_000_000L;
    }

    static InetAddress mask(InetAddress address, int prefix) {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (0xff << (8 - bits));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    void sample(long nanos) {
        counters.sample(nanos);
        for (ProxyBackend b : backends) {
            b.counters.sample(nanos);
        }
        expire(nanos);
    }

    void zero() {
        counters.zero();
        for (ProxyBackend b : backends) {
            b.counters.zero();
        }
    }

    ServiceState state() {
        List<ProxyBackend> list = backends;
        List<RealServer> servers = list.stream().map(ProxyBackend::server).toList();
        return new ServiceState(settings.withServers(servers), counters.snapshot(),
                list.stream().map(ProxyBackend::state).toList());
    }

    /** Persistence templates alive now (for tests and read-back). */
    synchronized Map<InetAddress, Endpoint> templates() {
        Map<InetAddress, Endpoint> m = new HashMap<>();
        templates.forEach((k, v) -> m.put(k, v.backend.endpoint()));
        return m;
    }
}
