package org.dsas.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts DSAS's forwarding policy on every SSH server Karaf's ssh bundle registers, in place of Karaf's accept-all
 * filter. Karaf registers each server it creates before starting it, and a new one whenever
 * {@code etc/org.apache.karaf.shell.cfg} changes (the old registration may stay): each is bound here at once.
 * When core stops, the servers left running refuse every forward.
 *
 * <p>Core runs without Karaf's ssh feature too (it imports SSHD's packages optionally): so no SSHD type appears in
 * this class's fields or signatures (SCR reads them when it activates the component); the servers are handled as
 * objects and only {@link SshdForwardingFilter} touches them, once one is registered.
 */
@Component(immediate = true)
public class SshServerForwarding {

    private static final Logger LOG = LoggerFactory.getLogger(SshServerForwarding.class);

    private final SshForwardingPolicy policy;
    private final Set<Object> servers = ConcurrentHashMap.newKeySet();

    @Activate
    public SshServerForwarding(@Reference(name = "policy") SshForwardingPolicy policy) {
        this.policy = policy;
    }

    @Reference(name = "sshServer", service = org.apache.sshd.server.SshServer.class,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindServer(Object server) {
        try {
            String where = SshdForwardingFilter.install(server, policy);
            servers.add(server);
            LOG.info("ssh: DSAS forwarding policy on the SSH server {} (ssh -L for admin to forward.targets only;"
                    + " -R, agent and X11 refused)", where);
        } catch (LinkageError e) {
            // the ssh feature came after core was resolved: core's optional SSHD imports are not wired yet
            LOG.error("ssh: cannot put DSAS's forwarding policy on the SSH server ({}); every key may forward ports"
                    + " until core is refreshed (bundle:refresh org.dsas.core)", e.toString());
        }
        policy.filteredServers(servers.size());
    }

    void unbindServer(Object server) {
        servers.remove(server);
        policy.filteredServers(servers.size());
    }

    @Deactivate
    void deactivate() {
        for (Object server : servers) {
            SshdForwardingFilter.rejectAll(server);
        }
        policy.filteredServers(0);
    }
}
