package org.dsas.core.internal;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.dsas.core.internal.SshForwardingPolicy.Kind;

/**
 * {@link SshForwardingPolicy} in the shape of Apache MINA SSHD's forwarding filter, which the SSH server asks
 * before every forwarding request. The user is the session's login name; admin is decided by the JAAS subject
 * Karaf's authenticator put on the session at login (role {@code admin}), so a session without one (no
 * Karaf login) is never admin. The only class of core that uses SSHD's types.
 */
final class SshdForwardingFilter implements ForwardingFilter {

    private final SshForwardingPolicy policy;

    SshdForwardingFilter(SshForwardingPolicy policy) {
        this.policy = policy;
    }

    /** Puts {@code policy} on {@code server} (an {@link SshServer}); answers where it listens. */
    static String install(Object server, SshForwardingPolicy policy) {
        SshServer s = (SshServer) server;
        s.setForwardingFilter(new SshdForwardingFilter(policy));
        return s.getHost() + ":" + s.getPort();
    }

    /** Leaves {@code server} (an {@link SshServer}) refusing every forward. */
    static void rejectAll(Object server) {
        ((SshServer) server).setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
    }

    @Override
    public boolean canConnect(TcpForwardingFilter.Type type, SshdSocketAddress address, Session session) {
        if (type == TcpForwardingFilter.Type.Direct) {
            return policy.mayConnect(user(session), isAdmin(session), address.getHostName(), address.getPort());
        }
        return policy.refuseAlways(user(session), Kind.FORWARDED, text(address));
    }

    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
        return policy.refuseAlways(user(session), Kind.REMOTE, text(address));
    }

    @Override
    public boolean canForwardAgent(Session session, String requestType) {
        return policy.refuseAlways(user(session), Kind.AGENT, "");
    }

    @Override
    public boolean canForwardX11(Session session, String requestType) {
        return policy.refuseAlways(user(session), Kind.X11, "");
    }

    static String user(Session session) {
        String user = session == null ? null : session.getUsername();
        return user == null || user.isEmpty() ? "?" : user;
    }

    /** True when Karaf's login gave the session's subject the admin role. */
    static boolean isAdmin(Session session) {
        if (session == null) {
            return false;
        }
        for (AttributeKey<?> key : session.attributeKeys()) {
            if (session.getAttribute(key) instanceof Subject subject) {
                return subject.getPrincipals(RolePrincipal.class).stream()
                        .anyMatch(p -> SshForwardingPolicy.ADMIN_ROLE.equals(p.getName()));
            }
        }
        return false;
    }

    private static String text(SshdSocketAddress address) {
        return address == null ? "" : SshForwardingPolicy.target(address.getHostName(), address.getPort());
    }
}
