package org.dsas.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts DSAS's forwarding policy on every SSH server Karaf's ssh bundle registers (it registers each server it
 * creates, before starting it, and a new one whenever {@code etc/org.apache.karaf.shell.cfg} changes), in place of
 * Karaf's accept-all filter. Without an SSH server this component stays unsatisfied and its class is never loaded,
 * so core runs without the ssh feature (core imports SSHD's packages optionally). When core stops, the servers
 * left running refuse every forward.
 */
@Component(immediate = true)
public class SshServerForwarding {

    private static final Logger LOG = LoggerFactory.getLogger(SshServerForwarding.class);

    private final SshForwardingPolicy policy;
    private final SshdForwardingFilter filter;
    private final Set<SshServer> servers = ConcurrentHashMap.newKeySet();

    @Activate
    public SshServerForwarding(@Reference(name = "policy") SshForwardingPolicy policy) {
        this.policy = policy;
        this.filter = new SshdForwardingFilter(policy);
    }

    @Reference(name = "sshServer", service = SshServer.class, cardinality = ReferenceCardinality.AT_LEAST_ONE,
            policy = ReferencePolicy.DYNAMIC)
    void bindServer(SshServer server) {
        server.setForwardingFilter(filter);
        servers.add(server);
        policy.filteredServers(servers.size());
        LOG.info("ssh: DSAS forwarding policy on the SSH server {}:{} (ssh -L for admin to forward.targets only;"
                + " -R, agent and X11 refused)", server.getHost(), server.getPort());
    }

    void unbindServer(SshServer server) {
        servers.remove(server);
        policy.filteredServers(servers.size());
    }

    @Deactivate
    void deactivate() {
        for (SshServer server : servers) {
            server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        }
        policy.filteredServers(0);
    }
}
