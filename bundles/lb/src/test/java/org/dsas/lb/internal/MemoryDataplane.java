package org.dsas.lb.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dsas.lb.api.Counters;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneException;
import org.dsas.lb.dataplane.DataplaneException.Reason;

/** A dataplane in memory with IPVS's strictness (EEXIST/ENOENT) and a log of every call, for reconciler tests. */
final class MemoryDataplane implements Dataplane {

    final Map<ServiceKey, VirtualService> services = new TreeMap<>();
    /** Survives edits, reset by delete+add: proves "edited in place, not recreated". */
    final Map<ServiceKey, Integer> generation = new TreeMap<>();
    final List<String> calls = new ArrayList<>();
    private int next;
    String failOn;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Set<String> schedulers() {
        return Set.of("rr", "wrr", "lc", "wlc", "sh");
    }

    @Override
    public Set<ForwardMethod> methods() {
        return Set.of(ForwardMethod.values());
    }

    @Override
    public List<ServiceState> read() {
        List<ServiceState> out = new ArrayList<>();
        for (VirtualService s : services.values()) {
            out.add(new ServiceState(s, Counters.ZERO, s.servers().stream()
                    .map(r -> new ServerState(r, 0, 0, 0, Counters.ZERO)).toList()));
        }
        return out;
    }

    private void call(String c) throws DataplaneException {
        calls.add(c);
        if (failOn != null && c.startsWith(failOn)) {
            throw new DataplaneException(Reason.FAILED, c + ": injected failure");
        }
    }

    @Override
    public void addService(VirtualService s) throws DataplaneException {
        call("addService " + s.key());
        if (services.containsKey(s.key())) {
            throw new DataplaneException(Reason.EXISTS, "add service " + s.key() + ": EEXIST");
        }
        services.put(s.key(), s.withoutServers());
        generation.put(s.key(), ++next);
    }

    @Override
    public void editService(VirtualService s) throws DataplaneException {
        call("editService " + s.key());
        VirtualService old = existing(s.key());
        services.put(s.key(), s.withServers(old.servers()));
    }

    @Override
    public void deleteService(ServiceKey key) throws DataplaneException {
        call("deleteService " + key);
        existing(key);
        services.remove(key);
        generation.remove(key);
    }

    @Override
    public void addServer(ServiceKey key, RealServer r) throws DataplaneException {
        call("addServer " + key + " " + r.endpoint());
        VirtualService s = existing(key);
        if (s.server(r.endpoint()).isPresent()) {
            throw new DataplaneException(Reason.EXISTS, "EEXIST " + r.endpoint());
        }
        List<RealServer> l = new ArrayList<>(s.servers());
        l.add(r);
        services.put(key, s.withServers(l));
    }

    @Override
    public void editServer(ServiceKey key, RealServer r) throws DataplaneException {
        call("editServer " + key + " " + r.endpoint() + " w" + r.weight());
        VirtualService s = existing(key);
        if (s.server(r.endpoint()).isEmpty()) {
            throw new DataplaneException(Reason.MISSING, "ENOENT " + r.endpoint());
        }
        List<RealServer> l = new ArrayList<>(s.servers());
        l.removeIf(x -> x.endpoint().equals(r.endpoint()));
        l.add(r);
        services.put(key, s.withServers(l));
    }

    @Override
    public void deleteServer(ServiceKey key, Endpoint e) throws DataplaneException {
        call("deleteServer " + key + " " + e);
        VirtualService s = existing(key);
        if (s.server(e).isEmpty()) {
            throw new DataplaneException(Reason.MISSING, "ENOENT " + e);
        }
        List<RealServer> l = new ArrayList<>(s.servers());
        l.removeIf(x -> x.endpoint().equals(e));
        services.put(key, s.withServers(l));
    }

    private VirtualService existing(ServiceKey key) throws DataplaneException {
        VirtualService s = services.get(key);
        if (s == null) {
            throw new DataplaneException(Reason.MISSING, "service " + key + ": ENOENT");
        }
        return s;
    }

    @Override
    public void zero(ServiceKey key) {
        calls.add("zero " + key);
    }

    @Override
    public void flush() {
        calls.add("flush");
        services.clear();
    }

    @Override
    public void close() {
    }
}
