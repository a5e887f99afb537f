package org.dsas.lb.ipvs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.dsas.kernel.api.GenericNetlink.Channel;
import org.dsas.kernel.api.GenericNetlink.Request;
import org.dsas.kernel.api.KernelException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's IPVS table driven over generic netlink: owns one IPVS channel
 * (socket) for its lifetime. Every operation names exactly the service or real
 * server it touches, so connections elsewhere are never disturbed; edits are
 * SET_SERVICE / SET_DEST in place (a service keeps its counters).
 */
public final class IpvsDataplane implements Dataplane {

    private static final Logger LOG = LoggerFactory.getLogger(IpvsDataplane.class);

    /** The kernel's schedulers (6.1); each is a module the kernel loads on first use. */
    static final Set<String> SCHEDULERS = Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq",
            "fo", "ovf", "mh", "twos");

    private static final int EPERM = 1;
    private static final int ENOENT = 2;
    private static final int ESRCH = 3;
    private static final int EACCES = 13;
    private static final int EEXIST = 17;
    private static final int EINVAL = 22;
    private static final int EOPNOTSUPP = 95;
    private static final int EAFNOSUPPORT = 97;

    private final Channel channel;
    private final IpvsCodec codec;

    public IpvsDataplane(Channel channel) {
        this(channel, IpvsCodec.hostOrder());
    }

    IpvsDataplane(Channel channel, IpvsCodec codec) {
        this.channel = channel;
        this.codec = codec;
    }

    @Override
    public String name() {
        return "ipvs";
    }

    @Override
    public Set<String> schedulers() {
        return SCHEDULERS;
    }

    @Override
    public Set<ForwardMethod> methods() {
        return Set.of(ForwardMethod.values());
    }

    @Override
    public List<ServiceState> read() throws DataplaneException {
        List<ServiceState> states = new ArrayList<>();
        for (ByteBuffer reply : dump("list services", IpvsCodec.CMD_GET_SERVICE, codec.none())) {
            IpvsCodec.ServiceEntry entry = codec.service(reply);
            ServiceKey key = entry.service().key();
            List<ServerState> servers = new ArrayList<>();
            for (ByteBuffer d : dump("list real servers of " + key, IpvsCodec.CMD_GET_DEST, codec.destsOf(key))) {
                servers.add(codec.dest(d, key.ipv6()));
            }
            servers.sort(Comparator.comparing(s -> s.server().endpoint()));
            states.add(new ServiceState(entry.service().withServers(servers.stream().map(ServerState::server)
                    .toList()), entry.counters(), servers));
        }
        states.sort(Comparator.comparing(s -> s.service().key()));
        return states;
    }

    @Override
    public void addService(VirtualService service) throws DataplaneException {
        request("add service " + service.key(), IpvsCodec.CMD_NEW_SERVICE, codec.service(service));
        LOG.debug("ipvs[{}] added service: scheduler {}, persistence {} s", service.key(), service.scheduler(),
                service.persistenceTimeout());
    }

    @Override
    public void editService(VirtualService service) throws DataplaneException {
        request("edit service " + service.key(), IpvsCodec.CMD_SET_SERVICE, codec.service(service));
        LOG.debug("ipvs[{}] edited service: scheduler {}, persistence {} s", service.key(), service.scheduler(),
                service.persistenceTimeout());
    }

    @Override
    public void deleteService(ServiceKey key) throws DataplaneException {
        request("delete service " + key, IpvsCodec.CMD_DEL_SERVICE, codec.serviceOnly(key));
        LOG.debug("ipvs[{}] deleted service", key);
    }

    @Override
    public void addServer(ServiceKey service, RealServer server) throws DataplaneException {
        request("add real server " + server.endpoint() + " to " + service, IpvsCodec.CMD_NEW_DEST,
                codec.dest(service, server));
        LOG.debug("ipvs[{}] added real server {} ({}, weight {})", service, server.endpoint(), server.method(),
                server.weight());
    }

    @Override
    public void editServer(ServiceKey service, RealServer server) throws DataplaneException {
        request("edit real server " + server.endpoint() + " of " + service, IpvsCodec.CMD_SET_DEST,
                codec.dest(service, server));
        LOG.debug("ipvs[{}] edited real server {} ({}, weight {})", service, server.endpoint(), server.method(),
                server.weight());
    }

    @Override
    public void deleteServer(ServiceKey service, Endpoint server) throws DataplaneException {
        request("delete real server " + server + " from " + service, IpvsCodec.CMD_DEL_DEST,
                codec.destOnly(service, server));
        LOG.debug("ipvs[{}] deleted real server {}", service, server);
    }

    @Override
    public void zero(ServiceKey key) throws DataplaneException {
        if (key == null) {
            request("zero counters of all services", IpvsCodec.CMD_ZERO, codec.none());
        } else {
            request("zero counters of " + key, IpvsCodec.CMD_ZERO, codec.serviceOnly(key));
        }
    }

    @Override
    public org.dsas.lb.api.Timeouts timeouts() throws DataplaneException {
        List<ByteBuffer> replies;
        try {
            replies = channel.request("read timeouts", IpvsCodec.CMD_GET_CONFIG, codec.none());
        } catch (KernelException e) {
            throw failure(e);
        }
        if (replies.isEmpty()) {
            throw new DataplaneException(Reason.FAILED, "read timeouts: the kernel sent no configuration");
        }
        IpvsCodec.Timeouts t = codec.timeouts(replies.get(0));
        return new org.dsas.lb.api.Timeouts(t.tcp(), t.tcpFin(), t.udp());
    }

    @Override
    public void setTimeouts(org.dsas.lb.api.Timeouts t) throws DataplaneException {
        request("set timeouts " + t, IpvsCodec.CMD_SET_CONFIG,
                codec.setConfig(new IpvsCodec.Timeouts(t.tcp(), t.tcpFin(), t.udp())));
    }

    @Override
    public void flush() throws DataplaneException {
        request("flush all services", IpvsCodec.CMD_FLUSH, codec.none());
        LOG.info("ipvs flushed every service");
    }

    /**
     * Adds services with their real servers in few datagrams (NEW_SERVICE then its NEW_DESTs, many per
     * sendmsg). Not part of {@link Dataplane}: the bulk path for a whole desired state. Returns the failures
     * (empty when all went in); the kernel goes on after one.
     */
    @Override
    public List<DataplaneException> addAll(List<VirtualService> services) throws DataplaneException {
        List<Request> requests = new ArrayList<>();
        for (VirtualService s : services) {
            requests.add(new Request("add service " + s.key(), IpvsCodec.CMD_NEW_SERVICE, codec.service(s)));
            for (RealServer r : s.servers()) {
                requests.add(new Request("add real server " + r.endpoint() + " to " + s.key(), IpvsCodec.CMD_NEW_DEST,
                        codec.dest(s.key(), r)));
            }
        }
        List<KernelException> outcomes;
        try {
            outcomes = channel.requestAll(requests);
        } catch (KernelException e) {
            throw failure(e);
        }
        List<DataplaneException> failures = new ArrayList<>();
        for (KernelException e : outcomes) {
            if (e != null) {
                failures.add(failure(e));
            }
        }
        LOG.info("ipvs added {} services with {} real servers in one batch, {} failed", services.size(),
                requests.size() - services.size(), failures.size());
        return failures;
    }

    @Override
    public void close() {
        channel.close();
    }

    private void request(String operation, int command, byte[] attributes) throws DataplaneException {
        try {
            channel.request(operation, command, attributes);
        } catch (KernelException e) {
            throw failure(e);
        }
    }

    private List<ByteBuffer> dump(String operation, int command, byte[] attributes) throws DataplaneException {
        try {
            return channel.dump(operation, command, attributes);
        } catch (KernelException e) {
            throw failure(e);
        }
    }

    /** The kernel's errno as the reason the reconciler acts on; the message is the kernel layer's one line. */
    static DataplaneException failure(KernelException e) {
        Reason reason = switch (e.errno()) {
            case EEXIST -> Reason.EXISTS;
            case ENOENT, ESRCH -> Reason.MISSING;
            case EINVAL -> Reason.INVALID;
            case EPERM, EACCES -> Reason.PERMISSION;
            case EOPNOTSUPP, EAFNOSUPPORT -> Reason.UNSUPPORTED;
            default -> Reason.FAILED;
        };
        return new DataplaneException(reason, e.getMessage(), e);
    }
}
