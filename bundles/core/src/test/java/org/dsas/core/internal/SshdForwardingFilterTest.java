package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter.Type;
import org.dsas.core.internal.SshForwardingPolicy.Kind;
import org.junit.jupiter.api.Test;

/** The policy as SSHD sees it: sessions carrying the JAAS subject Karaf's login puts on them. */
class SshdForwardingFilterTest {

    private final SshForwardingPolicy policy = new SshForwardingPolicy();
    private final SshdForwardingFilter filter;

    {
        policy.configAlarms = (pid, problems) -> { };
        policy.configure(Map.of());
        filter = new SshdForwardingFilter(policy);
    }

    /** A session after Karaf's key login: the subject under a key only Karaf's authenticator holds. */
    static Session session(String user, String... roles) {
        Map<AttributeKey<?>, Object> attributes = new HashMap<>();
        attributes.put(new AttributeKey<String>(), "something else");
        if (roles.length > 0) {
            Subject subject = new Subject();
            subject.getPrincipals().add(new UserPrincipal(user));
            for (String r : roles) {
                subject.getPrincipals().add(new RolePrincipal(r));
            }
            attributes.put(new AttributeKey<Subject>(), subject);
        }
        return (Session) Proxy.newProxyInstance(SshdForwardingFilterTest.class.getClassLoader(),
                new Class<?>[] {Session.class}, (p, m, args) -> switch (m.getName()) {
                    case "getUsername" -> user;
                    case "attributeKeys" -> List.copyOf(attributes.keySet());
                    case "getAttribute" -> attributes.get(args[0]);
                    case "toString" -> "session(" + user + ")";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static final Session ADMIN = session("admin", "group", "admin", "manager", "viewer", "systembundles", "ssh");
    static final Session VIEWER = session("viewer", "group", "viewer", "ssh");

    private static SshdSocketAddress at(String host, int port) {
        return new SshdSocketAddress(host, port);
    }

    @Test
    void adminOpensADirectChannelToTheMetricsPageOnly() {
        assertTrue(filter.canConnect(Type.Direct, at("127.0.0.1", 8181), ADMIN));
        assertFalse(filter.canConnect(Type.Direct, at("127.0.0.1", 8101), ADMIN));
        assertFalse(filter.canConnect(Type.Direct, at("localhost", 8181), ADMIN));
        assertEquals(2, policy.refused(Kind.LOCAL));
    }

    @Test
    void theViewerOpensNoDirectChannel() {
        assertFalse(filter.canConnect(Type.Direct, at("127.0.0.1", 8181), VIEWER));
        assertEquals("ssh[viewer]: refused local forwarding (ssh -L) to 127.0.0.1:8181: only admin may forward",
                policy.status().get("lastRefusal"));
    }

    @Test
    void adminIsTheRoleOfTheLoginNotTheName() {
        assertFalse(filter.canConnect(Type.Direct, at("127.0.0.1", 8181), session("admin")), "no subject");
        assertFalse(filter.canConnect(Type.Direct, at("127.0.0.1", 8181), session("admin", "viewer", "ssh")));
        assertTrue(filter.canConnect(Type.Direct, at("127.0.0.1", 8181), session("ops", "admin", "ssh")));
    }

    @Test
    void remoteAgentX11AndForwardedChannelsAreRefusedForAdminToo() {
        assertFalse(filter.canListen(at("127.0.0.1", 2222), ADMIN));
        assertFalse(filter.canListen(at("0.0.0.0", 0), VIEWER));
        assertFalse(filter.canForwardAgent(ADMIN, "auth-agent-req@openssh.com"));
        assertFalse(filter.canForwardX11(ADMIN, "x11-req"));
        assertFalse(filter.canConnect(Type.Forwarded, at("127.0.0.1", 8181), ADMIN));
        assertEquals(2, policy.refused(Kind.REMOTE));
        assertEquals(1, policy.refused(Kind.AGENT));
        assertEquals(1, policy.refused(Kind.X11));
        assertEquals(1, policy.refused(Kind.FORWARDED));
    }

    @Test
    void everyRegisteredServerGetsThePolicyAndKeepsRefusingWhenCoreStops() {
        SshServer first = SshServer.setUpDefaultServer();
        first.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE); // as Karaf's ssh bundle does
        SshServerForwarding forwarding = new SshServerForwarding(policy);

        forwarding.bindServer(first);
        assertTrue(first.getForwardingFilter() instanceof SshdForwardingFilter);
        assertFalse(first.getForwardingFilter().canListen(at("127.0.0.1", 2222), ADMIN));

        // etc/org.apache.karaf.shell.cfg changed: Karaf registers a new server (the old registration may stay)
        SshServer second = SshServer.setUpDefaultServer();
        second.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        forwarding.bindServer(second);
        assertTrue(second.getForwardingFilter() instanceof SshdForwardingFilter);
        assertEquals(2, policy.filteredServers());
        forwarding.unbindServer(first);
        assertEquals(1, policy.filteredServers());

        forwarding.deactivate();
        assertSame(RejectAllForwardingFilter.INSTANCE, second.getForwardingFilter());
        assertEquals(0, policy.filteredServers());
    }

    @Test
    void theComponentScrIntrospectsNamesNoSshdTypeSoCoreRunsWithoutTheSshFeature() {
        List<Class<?>> types = new java.util.ArrayList<>();
        for (java.lang.reflect.Method m : SshServerForwarding.class.getDeclaredMethods()) {
            types.add(m.getReturnType());
            types.addAll(List.of(m.getParameterTypes()));
        }
        for (java.lang.reflect.Constructor<?> c : SshServerForwarding.class.getDeclaredConstructors()) {
            types.addAll(List.of(c.getParameterTypes()));
        }
        for (java.lang.reflect.Field f : SshServerForwarding.class.getDeclaredFields()) {
            types.add(f.getType());
        }
        assertEquals(List.of(), types.stream().filter(t -> t.getName().startsWith("org.apache.sshd.")).toList());
    }
}
