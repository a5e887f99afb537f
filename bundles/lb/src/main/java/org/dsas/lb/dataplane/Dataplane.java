package org.dsas.lb.dataplane;

import java.util.List;
import java.util.Set;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;

/**
 * One way of forwarding connections to real servers (IPVS, nftables, a
 * userspace proxy). Operations are incremental and idempotent-free: adding
 * what exists fails with {@link DataplaneException} (EEXIST-like), deleting
 * what is missing likewise (ENOENT-like), so the reconciler sees drift.
 * A dataplane never flushes or recreates what an operation does not name:
 * connections through untouched services and real servers stay.
 */
public interface Dataplane extends AutoCloseable {

    /** "ipvs", "nftables" or "proxy". */
    String name();

    /** The schedulers this dataplane can run (ipvsadm names: rr, wrr, lc, wlc, sh, dh, mh, ...). */
    Set<String> schedulers();

    /** The forwarding methods it supports. */
    Set<ForwardMethod> methods();

    /** Everything it forwards now: settings as read back, real servers, counters and connections. */
    List<ServiceState> read() throws DataplaneException;

    /** Adds a service; its real servers (if any in {@code service}) are not added. */
    void addService(VirtualService service) throws DataplaneException;

    /** Changes a service's scheduler, persistence or flags in place; real servers untouched. */
    void editService(VirtualService service) throws DataplaneException;

    /** Removes a service with its real servers. */
    void deleteService(ServiceKey key) throws DataplaneException;

    void addServer(ServiceKey service, RealServer server) throws DataplaneException;

    /** Changes weight/thresholds (and method where the dataplane allows) in place. */
    void editServer(ServiceKey service, RealServer server) throws DataplaneException;

    void deleteServer(ServiceKey service, Endpoint server) throws DataplaneException;

    /**
     * Adds whole services with their real servers. A dataplane that can batch (IPVS: many netlink messages per
     * send) overrides this; the default adds one object at a time. Returns one exception per object that
     * failed (its message names the object); the others are in place.
     */
    default List<DataplaneException> addAll(List<VirtualService> services) throws DataplaneException {
        List<DataplaneException> failures = new java.util.ArrayList<>();
        for (VirtualService s : services) {
            try {
                addService(s.withoutServers());
            } catch (DataplaneException e) {
                failures.add(e);
                continue;
            }
            for (RealServer r : s.servers()) {
                try {
                    addServer(s.key(), r);
                } catch (DataplaneException e) {
                    failures.add(e);
                }
            }
        }
        return failures;
    }

    /** Connection timeouts (IPVS's global tcp/tcpfin/udp); dataplanes without them say so. */
    default org.dsas.lb.api.Timeouts timeouts() throws DataplaneException {
        throw new DataplaneException(DataplaneException.Reason.UNSUPPORTED, "the " + name()
                + " dataplane has no connection timeouts to read");
    }

    /** Sets connection timeouts; 0 leaves one unchanged. */
    default void setTimeouts(org.dsas.lb.api.Timeouts timeouts) throws DataplaneException {
        throw new DataplaneException(DataplaneException.Reason.UNSUPPORTED, "the " + name()
                + " dataplane has no connection timeouts to set");
    }

    /** Zeroes counters of one service, or of all when {@code key} is null. */
    void zero(ServiceKey key) throws DataplaneException;

    /** Removes every service (operator's lb:flush only; the reconciler never calls it). */
    void flush() throws DataplaneException;

    /** Releases sockets, listeners and kernel objects it created for its own bookkeeping. */
    @Override
    void close();
}
