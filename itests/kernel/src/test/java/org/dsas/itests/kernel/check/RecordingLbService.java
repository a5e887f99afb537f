package org.dsas.itests.kernel.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.Timeouts;
import org.dsas.lb.api.VirtualService;

/**
 * An in-memory load balancer for running the health-check engine outside the box: it holds a fixed
 * desired state (the services and real servers of a checks file) and records every health verdict
 * and sorry server the engine gives it, with the wall-clock time it arrived. The dataplane methods
 * are not needed by the engine and refuse.
 */
public final class RecordingLbService implements LbService {

    /** One setHealth call: {@code at} in epoch milliseconds. */
    public record Verdict(long at, ServiceKey service, Endpoint server, boolean up, boolean inhibit, String reason) {

        /** "TCP 203.0.113.1:80/192.0.2.1:80", the key both sides of a comparison use. */
        public String key() {
            return service + "/" + server;
        }
    }

    private final List<VirtualService> services;
    private final Map<String, Verdict> latest = new LinkedHashMap<>();
    private final List<Verdict> history = new ArrayList<>();
    private final Map<ServiceKey, RealServer> sorry = new LinkedHashMap<>();
    private final Consumer<Verdict> listener;

    public RecordingLbService(List<VirtualService> services, Consumer<Verdict> listener) {
        this.services = List.copyOf(services);
        this.listener = listener;
    }

    @Override
    public List<VirtualService> services() {
        return services;
    }

    @Override
    public void setHealth(ServiceKey service, Endpoint server, boolean up, boolean inhibit, String reason) {
        Verdict v = new Verdict(System.currentTimeMillis(), service, server, up, inhibit, reason);
        synchronized (this) {
            latest.put(v.key(), v);
            history.add(v);
        }
        listener.accept(v);
    }

    @Override
    public synchronized void setSorryServer(ServiceKey service, RealServer server) {
        if (server == null) {
            sorry.remove(service);
        } else {
            sorry.put(service, server);
        }
    }

    /** "service/server" of every real server whose last verdict is up (a server without one counts as up, as in lb). */
    public synchronized Set<String> up() {
        Set<String> out = new TreeSet<>();
        for (VirtualService s : services) {
            for (RealServer r : s.servers()) {
                Verdict v = latest.get(s.key() + "/" + r.endpoint());
                if (v == null || v.up()) {
                    out.add(s.key() + "/" + r.endpoint());
                }
            }
        }
        return out;
    }

    /** Real servers that have had at least one verdict. */
    public synchronized int judged() {
        return latest.size();
    }

    public synchronized List<Verdict> history() {
        return List.copyOf(history);
    }

    public synchronized Map<ServiceKey, RealServer> sorryServers() {
        return Map.copyOf(sorry);
    }

    // ------------------------------------------------------------------ not used by the engine

    @Override
    public List<ServiceState> read() {
        throw new UnsupportedOperationException("in-memory load balancer: no dataplane");
    }

    @Override
    public BackendInfo backend() {
        return new BackendInfo("memory", "health-check comparison", List.of());
    }

    @Override
    public void addService(VirtualService service) {
        throw refused();
    }

    @Override
    public void editService(VirtualService service) {
        throw refused();
    }

    @Override
    public void deleteService(ServiceKey key) {
        throw refused();
    }

    @Override
    public void addServer(ServiceKey service, RealServer server) {
        throw refused();
    }

    @Override
    public void editServer(ServiceKey service, RealServer server) {
        throw refused();
    }

    @Override
    public void deleteServer(ServiceKey service, Endpoint server) {
        throw refused();
    }

    @Override
    public void replaceAll(List<VirtualService> newServices) {
        throw refused();
    }

    @Override
    public List<ServerState> drain(Endpoint server) {
        throw refused();
    }

    @Override
    public void undrain(Endpoint server) {
        throw refused();
    }

    @Override
    public List<Change> diff() {
        return List.of();
    }

    @Override
    public List<Change> apply() {
        return List.of();
    }

    @Override
    public void zero(ServiceKey service) {
        throw refused();
    }

    @Override
    public Timeouts timeouts() {
        throw refused();
    }

    @Override
    public void setTimeouts(Timeouts timeouts) {
        throw refused();
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("in-memory load balancer: desired state is fixed by the checks file");
    }
}
