package org.dsas.lb.nftables;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneException;
import org.dsas.lb.dataplane.DataplaneException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nftables dataplane: owns {@code table inet dsas_lb} (and nothing else) and changes it one service at a
 * time, each operation one atomic {@code nft -f -} transaction built by {@link NftablesRuleset}. Existence checks
 * read the table first, so drift surfaces as EXISTS/MISSING naming the object.
 *
 * <p>Return traffic: like IPVS NAT, replies must pass back through this box (the real servers' route to the
 * clients goes via the load balancer) for conntrack to undo the DNAT; the box must forward (ip_forward), which
 * this class does not switch on.
 */
public final class NftablesDataplane implements Dataplane {

    private static final Logger LOG = LoggerFactory.getLogger(NftablesDataplane.class);

    private final NftCommand nft;

    /** {@code command}: how to run nft, e.g. {@code List.of("nft")} or {@code List.of("ip", "netns", "exec", ns, "nft")}. */
    public NftablesDataplane(List<String> command) {
        this.nft = new NftCommand(command);
    }

    /** Creates the table and base chains if missing, repairs them if damaged; services stay. */
    public synchronized void open() throws DataplaneException {
        nft.apply("set up table " + NftablesRuleset.T, NftablesRuleset.base());
        LOG.info("nftables[{}] ready ({})", NftablesRuleset.T, String.join(" ", nft.prefix()));
    }

    @Override
    public String name() {
        return "nftables";
    }

    @Override
    public Set<String> schedulers() {
        return NftablesRuleset.SCHEDULERS;
    }

    @Override
    public Set<ForwardMethod> methods() {
        return EnumSet.of(ForwardMethod.MASQUERADE);
    }

    @Override
    public synchronized List<ServiceState> read() throws DataplaneException {
        return table().states();
    }

    @Override
    public synchronized void addService(VirtualService service) throws DataplaneException {
        NftablesRuleset.check(service);
        String what = "add service " + service.key();
        if (table().find(service.key()).isPresent()) {
            throw new DataplaneException(Reason.EXISTS, what + ": EEXIST (already exists)");
        }
        nft.apply(what, NftablesRuleset.addService(service));
        LOG.info("nftables[{}] added: scheduler {}", service.key(), service.scheduler());
    }

    @Override
    public synchronized void editService(VirtualService service) throws DataplaneException {
        NftablesRuleset.check(service);
        String what = "edit service " + service.key();
        VirtualService current = installed(what, service.key());
        nft.apply(what, NftablesRuleset.editService(service.withServers(current.servers()), current.servers()));
        LOG.info("nftables[{}] edited: scheduler {} -> {}, flags 0x{}", service.key(), current.scheduler(),
                service.scheduler(), Integer.toHexString(service.flags()));
    }

    @Override
    public synchronized void deleteService(ServiceKey key) throws DataplaneException {
        String what = "delete service " + key;
        NftablesTable.Installed i = table().find(key)
                .orElseThrow(() -> new DataplaneException(Reason.MISSING, what + ": ENOENT (no such service)"));
        nft.apply(what, NftablesRuleset.deleteService(i.service(), i.countRule()));
        LOG.info("nftables[{}] deleted with {} real servers", key, i.service().servers().size());
    }

    @Override
    public synchronized void addServer(ServiceKey service, RealServer server) throws DataplaneException {
        String what = "add real server " + server.endpoint() + " to " + service;
        NftablesRuleset.check(service, server);
        VirtualService current = installed(what, service);
        if (current.server(server.endpoint()).isPresent()) {
            throw new DataplaneException(Reason.EXISTS, what + ": EEXIST (already exists)");
        }
        nft.apply(what, NftablesRuleset.addServer(current, server));
        LOG.info("nftables[{}] real server {} added, weight {}", service, server.endpoint(), server.weight());
    }

    @Override
    public synchronized void editServer(ServiceKey service, RealServer server) throws DataplaneException {
        String what = "edit real server " + server.endpoint() + " of " + service;
        NftablesRuleset.check(service, server);
        VirtualService current = installed(what, service);
        RealServer old = current.server(server.endpoint())
                .orElseThrow(() -> new DataplaneException(Reason.MISSING, what + ": ENOENT (no such real server)"));
        nft.apply(what, NftablesRuleset.editServer(current, server));
        LOG.info("nftables[{}] real server {} weight {} -> {}", service, server.endpoint(), old.weight(),
                server.weight());
    }

    @Override
    public synchronized void deleteServer(ServiceKey service, Endpoint server) throws DataplaneException {
        String what = "delete real server " + server + " from " + service;
        VirtualService current = installed(what, service);
        if (current.server(server).isEmpty()) {
            throw new DataplaneException(Reason.MISSING, what + ": ENOENT (no such real server)");
        }
        nft.apply(what, NftablesRuleset.deleteServer(current, server));
        LOG.info("nftables[{}] real server {} deleted", service, server);
    }

    @Override
    public synchronized void zero(ServiceKey key) throws DataplaneException {
        NftablesTable t = table();
        StringBuilder script = new StringBuilder();
        if (key == null) {
            t.services().values().forEach(i -> script.append(NftablesRuleset.zero(i.service())));
        } else {
            NftablesTable.Installed i = t.find(key).orElseThrow(
                    () -> new DataplaneException(Reason.MISSING, "zero counters of " + key + ": ENOENT (no such service)"));
            script.append(NftablesRuleset.zero(i.service()));
        }
        if (script.length() > 0) {
            nft.apply("zero counters of " + (key == null ? "all services" : key), script.toString());
        }
    }

    @Override
    public synchronized void flush() throws DataplaneException {
        nft.apply("flush " + NftablesRuleset.T, NftablesRuleset.flush());
        LOG.info("nftables[{}] flushed: every service deleted", NftablesRuleset.T);
    }

    /** Nothing to release: the table is forwarding state, which stays until services are deleted or flushed. */
    @Override
    public void close() {
    }

    private VirtualService installed(String what, ServiceKey key) throws DataplaneException {
        return table().find(key).map(NftablesTable.Installed::service)
                .orElseThrow(() -> new DataplaneException(Reason.MISSING, what + ": ENOENT (no such service)"));
    }

    private NftablesTable table() throws DataplaneException {
        String json = nft.listTable();
        if (json.isBlank()) {
            return NftablesTable.EMPTY;
        }
        try {
            return NftablesTable.parse(json);
        } catch (RuntimeException e) {
            throw new DataplaneException(Reason.FAILED, "read " + NftablesRuleset.T + ": " + e.getMessage(), e);
        }
    }
}
