package org.dsas.lb.command;

import java.util.ArrayList;
import java.util.List;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.Timeouts;
import org.dsas.lb.api.VirtualService;

/**
 * An LbService that answers from fixed lists and records every call the commands make, as
 * "addService TCP 192.0.2.10:80 wrr" and so on; a refusal set by the test is thrown as the real one would.
 */
final class FakeLb implements LbService {

    final List<String> calls = new ArrayList<>();
    List<VirtualService> services = new ArrayList<>();
    List<ServiceState> running = new ArrayList<>();
    BackendInfo backend = new BackendInfo("nftables", "auto: nft 1.0.6, table inet dsas_lb",
            List.of("ipvs: module ip_vs not loaded"));
    List<Change> changes = new ArrayList<>();
    List<ServerState> drained = new ArrayList<>();
    Timeouts timeouts = new Timeouts(900, 120, 300);
    /** When set, every method that changes state throws it (as the real service refuses, one line). */
    String refusal;

    private void change(String call) {
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        calls.add(call);
    }

    @Override
    public List<VirtualService> services() {
        return services;
    }

    @Override
    public List<ServiceState> read() {
        return running;
    }

    @Override
    public BackendInfo backend() {
        return backend;
    }

    @Override
    public void addService(VirtualService s) {
        change("addService " + s.key() + " " + s.scheduler() + " p" + s.persistenceTimeout() + "/"
                + s.persistenceNetmask() + " f" + s.flags() + " servers " + s.servers().size());
    }

    @Override
    public void editService(VirtualService s) {
        change("editService " + s.key() + " " + s.scheduler() + " p" + s.persistenceTimeout() + "/"
                + s.persistenceNetmask() + " f" + s.flags());
    }

    @Override
    public void deleteService(ServiceKey key) {
        change("deleteService " + key);
    }

    @Override
    public void addServer(ServiceKey service, RealServer r) {
        change("addServer " + service + " " + server(r));
    }

    @Override
    public void editServer(ServiceKey service, RealServer r) {
        change("editServer " + service + " " + server(r));
    }

    static String server(RealServer r) {
        return r.endpoint() + " " + r.method() + " w" + r.weight() + " x" + r.upperThreshold() + " y"
                + r.lowerThreshold();
    }

    @Override
    public void deleteServer(ServiceKey service, Endpoint server) {
        change("deleteServer " + service + " " + server);
    }

    @Override
    public void replaceAll(List<VirtualService> all) {
        change("replaceAll " + all.stream().map(s -> s.key() + "[" + s.servers().size() + "]").toList());
    }

    @Override
    public List<ServerState> drain(Endpoint server) {
        change("drain " + server);
        return drained;
    }

    @Override
    public void undrain(Endpoint server) {
        change("undrain " + server);
    }

    @Override
    public List<Change> diff() {
        calls.add("diff");
        return changes;
    }

    @Override
    public List<Change> apply() {
        change("apply");
        return changes;
    }

    @Override
    public void setHealth(ServiceKey service, Endpoint server, boolean up, boolean inhibit, String reason) {
        throw new UnsupportedOperationException("not a command's business");
    }

    @Override
    public void zero(ServiceKey service) {
        change("zero " + service);
    }

    @Override
    public Timeouts timeouts() {
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        return timeouts;
    }

    @Override
    public void setTimeouts(Timeouts t) {
        change("setTimeouts " + t);
        timeouts = new Timeouts(t.tcp() == 0 ? timeouts.tcp() : t.tcp(), t.tcpFin() == 0 ? timeouts.tcpFin()
                : t.tcpFin(), t.udp() == 0 ? timeouts.udp() : t.udp());
    }

    @Override
    public void setSorryServer(ServiceKey service, RealServer sorry) {
        throw new UnsupportedOperationException("not a command's business");
    }
}
