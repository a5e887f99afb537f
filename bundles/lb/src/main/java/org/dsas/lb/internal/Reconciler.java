package org.dsas.lb.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.LbService.Change;
import org.dsas.lb.api.LbService.Change.Kind;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneException;

/**
 * Owns the comparison of desired and actual state and the minimal set of
 * steps between them. Never flush-and-recreate: a service whose settings
 * changed is edited in place, a real server whose weight changed is edited,
 * only what is gone from desired state is deleted, so connections through
 * everything else stay up.
 */
public final class Reconciler {

    /** What to do about services the dataplane has and desired state does not name. */
    public enum Foreign { REMOVE, KEEP }

    /** One step: the change as the operator reads it, plus what the dataplane call needs. */
    public record Step(Change change, VirtualService service, RealServer server, Endpoint endpoint) {

        public Kind kind() {
            return change.kind();
        }

        public ServiceKey key() {
            return change.service();
        }
    }

    /** The outcome of applying steps: those made, and the first failure per service (one line each). */
    public record Outcome(List<Change> applied, List<String> failures) {

        public boolean ok() {
            return failures.isEmpty();
        }
    }

    private Reconciler() {
    }

    /**
     * The steps turning {@code actual} into {@code desired}, in application order: services removed,
     * added, edited; then per service real servers removed, edited, added (sorted by key, so the same
     * states always give the same list).
     */
    public static List<Step> diff(List<VirtualService> desired, List<ServiceState> actual, Foreign foreign) {
        Map<ServiceKey, VirtualService> want = new TreeMap<>();
        desired.forEach(s -> want.put(s.key(), s));
        Map<ServiceKey, VirtualService> have = new TreeMap<>();
        actual.forEach(s -> have.put(s.service().key(), s.service()));

        List<Step> deletes = new ArrayList<>();
        List<Step> adds = new ArrayList<>();
        List<Step> edits = new ArrayList<>();
        List<Step> servers = new ArrayList<>();
        if (foreign == Foreign.REMOVE) {
            for (ServiceKey k : have.keySet()) {
                if (!want.containsKey(k)) {
                    deletes.add(new Step(new Change(Kind.DELETE_SERVICE, k, IpvsadmSyntax.deleteService(k)),
                            null, null, null));
                }
            }
        }
        for (VirtualService w : want.values()) {
            VirtualService h = have.get(w.key());
            if (h == null) {
                adds.add(new Step(new Change(Kind.ADD_SERVICE, w.key(), IpvsadmSyntax.addService(w)),
                        w.withoutServers(), null, null));
                for (RealServer r : w.servers()) {
                    servers.add(addServer(w.key(), r));
                }
                continue;
            }
            if (!w.sameSettings(h)) {
                edits.add(new Step(new Change(Kind.EDIT_SERVICE, w.key(), IpvsadmSyntax.editService(w)),
                        w.withoutServers(), null, null));
            }
            servers.addAll(serverSteps(w, h));
        }
        List<Step> all = new ArrayList<>(deletes);
        all.addAll(adds);
        all.addAll(edits);
        // Real-server steps of added services follow their service's add; ordering inside is by kind.
        all.addAll(servers);
        return all;
    }

    private static List<Step> serverSteps(VirtualService want, VirtualService have) {
        List<Step> removed = new ArrayList<>();
        List<Step> edited = new ArrayList<>();
        List<Step> added = new ArrayList<>();
        for (RealServer h : have.servers()) {
            if (want.server(h.endpoint()).isEmpty()) {
                removed.add(new Step(new Change(Kind.DELETE_SERVER, want.key(),
                        IpvsadmSyntax.deleteServer(want.key(), h.endpoint())), null, null, h.endpoint()));
            }
        }
        for (RealServer w : want.servers()) {
            var h = have.server(w.endpoint());
            if (h.isEmpty()) {
                added.add(addServer(want.key(), w));
            } else if (!h.get().equals(w)) {
                edited.add(new Step(new Change(Kind.EDIT_SERVER, want.key(), IpvsadmSyntax.editServer(want.key(), w)),
                        null, w, w.endpoint()));
            }
        }
        List<Step> steps = new ArrayList<>(removed);
        steps.addAll(edited);
        steps.addAll(added);
        return steps;
    }

    private static Step addServer(ServiceKey key, RealServer r) {
        return new Step(new Change(Kind.ADD_SERVER, key, IpvsadmSyntax.addServer(key, r)), null, r, r.endpoint());
    }

    /**
     * Applies steps in order. A failed step skips the remaining steps of the same service (they
     * would build on it) and is reported as "change: error"; other services go on.
     */
    public static Outcome apply(Dataplane dataplane, List<Step> steps) {
        List<Change> applied = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        java.util.Set<ServiceKey> failed = new java.util.HashSet<>();
        // New services go in with their real servers in one addAll call (IPVS batches them into few sends).
        Map<ServiceKey, VirtualService> created = new java.util.LinkedHashMap<>();
        for (Step s : steps) {
            if (s.kind() == Kind.ADD_SERVICE) {
                created.put(s.key(), s.service());
            } else if (s.kind() == Kind.ADD_SERVER && created.containsKey(s.key())) {
                VirtualService v = created.get(s.key());
                List<RealServer> servers = new ArrayList<>(v.servers());
                servers.add(s.server());
                created.put(s.key(), v.withServers(servers));
            }
        }
        boolean batchDone = false;
        for (Step s : steps) {
            if (failed.contains(s.key())) {
                continue;
            }
            boolean batched = created.containsKey(s.key())
                    && (s.kind() == Kind.ADD_SERVICE || s.kind() == Kind.ADD_SERVER);
            if (batched) {
                if (!batchDone) {
                    batchDone = true;
                    addAll(dataplane, created, steps, applied, failures, failed);
                }
                continue;
            }
            try {
                switch (s.kind()) {
                    case ADD_SERVICE -> dataplane.addService(s.service());
                    case EDIT_SERVICE -> dataplane.editService(s.service());
                    case DELETE_SERVICE -> dataplane.deleteService(s.key());
                    case ADD_SERVER -> dataplane.addServer(s.key(), s.server());
                    case EDIT_SERVER -> dataplane.editServer(s.key(), s.server());
                    case DELETE_SERVER -> dataplane.deleteServer(s.key(), s.endpoint());
                    default -> throw new IllegalStateException("unknown step " + s.kind());
                }
                applied.add(s.change());
            } catch (DataplaneException | RuntimeException e) {
                failed.add(s.key());
                failures.add(s.change().description() + ": " + e.getMessage());
            }
        }
        return new Outcome(List.copyOf(applied), List.copyOf(failures));
    }

    /** The batched adds; a failure marks the service its message names, and that service's steps are not applied. */
    private static void addAll(Dataplane dataplane, Map<ServiceKey, VirtualService> created, List<Step> steps,
            List<Change> applied, List<String> failures, java.util.Set<ServiceKey> failed) {
        List<DataplaneException> errors;
        try {
            errors = dataplane.addAll(List.copyOf(created.values()));
        } catch (DataplaneException | RuntimeException e) {
            failed.addAll(created.keySet());
            failures.add("adding " + created.size() + " services: " + e.getMessage());
            return;
        }
        for (DataplaneException e : errors) {
            String m = String.valueOf(e.getMessage());
            ServiceKey named = null;
            for (ServiceKey k : created.keySet()) {
                if (m.contains(k.toString()) && (named == null || k.toString().length() > named.toString().length())) {
                    named = k;
                }
            }
            if (named != null) {
                failed.add(named);
            }
            failures.add(m);
        }
        for (Step s : steps) {
            if (created.containsKey(s.key()) && !failed.contains(s.key())
                    && (s.kind() == Kind.ADD_SERVICE || s.kind() == Kind.ADD_SERVER)) {
                applied.add(s.change());
            }
        }
    }
}
