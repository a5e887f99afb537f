package org.dsas.lb.api;

import java.util.List;

/**
 * The load balancer of this box: desired state (validated whole, persisted,
 * reconciled onto the running dataplane) and the overlays other parties put
 * on it. Every method that changes desired state validates first and throws
 * {@link IllegalArgumentException} with one line naming the problem, leaving
 * the state as it was.
 */
public interface LbService {

    /** The operator's desired state, sorted by key. */
    List<VirtualService> services();

    /** What the running dataplane has now, with counters and connections. */
    List<ServiceState> read();

    /** The running dataplane's name (ipvs, nftables, proxy) and why it was chosen. */
    BackendInfo backend();

    void addService(VirtualService service);

    /** Changes a service's settings; its real servers stay (those in {@code service} are ignored). */
    void editService(VirtualService service);

    void deleteService(ServiceKey key);

    void addServer(ServiceKey service, RealServer server);

    void editServer(ServiceKey service, RealServer server);

    void deleteServer(ServiceKey service, Endpoint server);

    /** Replaces the whole desired state at once (import, config file): all or nothing. */
    void replaceAll(List<VirtualService> services);

    /**
     * Operator drain: the real server (in every service that has it) gets weight 0 until
     * {@link #undrain}; health checks never lift it. Returns the connections still open per service.
     */
    List<ServerState> drain(Endpoint server);

    void undrain(Endpoint server);

    /** What {@link #apply()} would change now, in application order. */
    List<Change> diff();

    /** Applies the diff; returns the changes made (an error names the change that failed). */
    List<Change> apply();

    /**
     * Health verdict from a checker: down removes the real server from the dataplane (or sets
     * weight 0 when {@code inhibit}); up restores its configured weight. Never lifts a drain.
     */
    void setHealth(ServiceKey service, Endpoint server, boolean up, boolean inhibit, String reason);

    /** Zeroes the counters of one service, or of all when {@code service} is null (ipvsadm -Z). */
    void zero(ServiceKey service);

    /** The running dataplane's connection timeouts (IPVS only; others refuse with one line). */
    Timeouts timeouts();

    /**
     * Sets them on the running dataplane now, like ipvsadm --set (0 = unchanged). Live only: like
     * ipvsadm's, they are not part of the saved state.
     */
    void setTimeouts(Timeouts timeouts);

    /** Sorry server while the service's quorum is lost; {@code null} removes it. */
    void setSorryServer(ServiceKey service, RealServer sorry);

    /** The running dataplane and the reason it runs. */
    record BackendInfo(String name, String reason, List<String> unavailable) {
    }

    /** One reconcile step, described in ipvsadm syntax ("-a -t 10.0.0.1:80 -r 192.168.31.101:80 -m -w 3"). */
    record Change(Kind kind, ServiceKey service, String description) {

        public enum Kind {
            ADD_SERVICE, EDIT_SERVICE, DELETE_SERVICE, ADD_SERVER, EDIT_SERVER, DELETE_SERVER
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
