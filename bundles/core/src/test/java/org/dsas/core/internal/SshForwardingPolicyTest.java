package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigFiles;
import org.dsas.core.api.Json;
import org.dsas.core.internal.SshForwardingPolicy.Decision;
import org.dsas.core.internal.SshForwardingPolicy.Kind;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

class SshForwardingPolicyTest {

    private final Map<String, List<String>> configAlarms = new HashMap<>();
    private final SshForwardingPolicy policy = new SshForwardingPolicy();

    {
        policy.configAlarms = configAlarms::put;
    }

    private static List<ForwardTarget> targets(String... texts) {
        return java.util.Arrays.stream(texts).map(ForwardTarget::parse).toList();
    }

    @Test
    void adminMayForwardToAListedTargetOnly() {
        List<ForwardTarget> t = targets("127.0.0.1:8181", "[::1]:8181");

        assertEquals(Decision.ALLOW, SshForwardingPolicy.decideLocal(true, "127.0.0.1", 8181, t));
        assertEquals(Decision.ALLOW, SshForwardingPolicy.decideLocal(true, "::1", 8181, t));
        assertEquals(Decision.ALLOW, SshForwardingPolicy.decideLocal(true, "0:0:0:0:0:0:0:1", 8181, t),
                "another spelling of the same address");
        assertEquals(Decision.refuse("not in forward.targets [127.0.0.1:8181, [::1]:8181]"),
                SshForwardingPolicy.decideLocal(true, "127.0.0.1", 9000, t));
        assertEquals(Decision.refuse("not in forward.targets [127.0.0.1:8181, [::1]:8181]"),
                SshForwardingPolicy.decideLocal(true, "192.0.2.10", 8181, t));
    }

    @Test
    void theViewerMayForwardNothingNotEvenAListedTarget() {
        assertEquals(Decision.refuse("only admin may forward"),
                SshForwardingPolicy.decideLocal(false, "127.0.0.1", 8181, targets("127.0.0.1:8181")));
    }

    @Test
    void aNameIsNeverResolved() {
        assertEquals(Decision.refuse("not an address literal (names are not resolved)"),
                SshForwardingPolicy.decideLocal(true, "localhost", 8181, targets("127.0.0.1:8181")));
        assertEquals(Decision.refuse("not an address literal (names are not resolved)"),
                SshForwardingPolicy.decideLocal(true, "127.0.0.1.nip.io", 8181, targets("127.0.0.1:8181")));
    }

    @Test
    void noTargetsMeansNoLocalForwardForAnyone() {
        assertEquals(Decision.refuse("not in forward.targets (empty)"),
                SshForwardingPolicy.decideLocal(true, "127.0.0.1", 8181, List.of()));
    }

    @Test
    void forwardTargetsParseAddressLiteralsWithAPort() {
        assertEquals("127.0.0.1:8181", ForwardTarget.parse(" 127.0.0.1:8181 ").toString());
        assertEquals("[::1]:8181", ForwardTarget.parse("[0:0:0:0:0:0:0:1]:8181").toString());
        assertEquals(ForwardTarget.parse("[::1]:22"), ForwardTarget.requested("::1", 22));
        assertEquals(null, ForwardTarget.requested("localhost", 22));
        assertEquals(null, ForwardTarget.requested("127.0.0.1", 0));
    }

    @Test
    void shippedDefaultIsTheMetricsPageOnLoopback() throws IOException {
        Map<String, Object> shipped = new HashMap<>(ConfigFiles.read(Path.of("../../etc/org.dsas.ssh.cfg")));
        policy.configure(shipped);

        assertEquals(List.of(), configAlarms.get(SshConfiguration.PID));
        assertEquals(targets("127.0.0.1:8181"), policy.targets());
        assertEquals(SshForwardingPolicy.DEFAULT_TARGETS, policy.targets());
    }

    @Test
    void everyBadTargetIsOneProblemLineAndNothingIsApplied() {
        policy.configure(Map.of("forward.targets", "127.0.0.1:9100"));
        assertEquals(targets("127.0.0.1:9100"), policy.targets());

        policy.configure(Map.of("forward.targets", "127.0.0.1:8181, localhost:8181, ::1:8181, 127.0.0.1, "
                + "192.0.2.1:0, 192.0.2.1:70000, 300.0.0.1:80", "forward.target", "x",
                "felix.fileinstall.filename", "file:/opt/dsas/etc/org.dsas.ssh.cfg"));

        String file = "/opt/dsas/etc/org.dsas.ssh.cfg: key ";
        String expected = " (expected ADDRESS:PORT, e.g. 127.0.0.1:8181 or [::1]:8181)";
        assertEquals(List.of(
                file + "'forward.target': unknown key (known: admin.keyFile, forward.targets, viewer.keyFile)",
                file + "'forward.targets': 'localhost:8181': 'localhost' is not an IP address" + expected,
                file + "'forward.targets': '::1:8181': IPv6 address '::1' must be in brackets, e.g. [2001:db8::1]:53"
                        + expected,
                file + "'forward.targets': '127.0.0.1': no ':PORT' after the address" + expected,
                file + "'forward.targets': '192.0.2.1:0': port 0 is not 1-65535" + expected,
                file + "'forward.targets': '192.0.2.1:70000': port '70000' is not 0-65535" + expected,
                file + "'forward.targets': '300.0.0.1:80': '300.0.0.1' is not an IPv4 address" + expected),
                configAlarms.get(SshConfiguration.PID));
        assertEquals(targets("127.0.0.1:9100"), policy.targets(), "the targets in force stay");
    }

    @Test
    void aBadFirstConfigurationLeavesTheDefault() {
        policy.configure(Map.of("forward.targets", "nowhere"));

        assertEquals(1, configAlarms.get(SshConfiguration.PID).size());
        assertEquals(SshForwardingPolicy.DEFAULT_TARGETS, policy.targets());
    }

    @Test
    void anEmptyListIsAllowedAndMeansNowhere() {
        policy.configure(Map.of("forward.targets", ""));

        assertEquals(List.of(), configAlarms.get(SshConfiguration.PID));
        assertFalse(policy.mayConnect("admin", true, "127.0.0.1", 8181));
    }

    @Test
    void refusalsAreCountedByKindAndTheLastOneIsShown() {
        policy.configure(Map.of());

        assertTrue(policy.mayConnect("admin", true, "127.0.0.1", 8181));
        assertFalse(policy.mayConnect("viewer", false, "127.0.0.1", 8181));
        assertFalse(policy.mayConnect("admin", true, "::1", 22));
        assertFalse(policy.refuseAlways("viewer", Kind.REMOTE, "127.0.0.1:2222"));
        assertFalse(policy.refuseAlways("admin", Kind.AGENT, ""));
        assertFalse(policy.refuseAlways("admin", Kind.X11, ""));

        assertEquals(2, policy.refused(Kind.LOCAL));
        assertEquals(1, policy.refused(Kind.REMOTE));
        Map<String, Object> status = policy.status();
        assertEquals(1L, status.get("localForwardsAllowed"));
        assertEquals(Map.of("local", 2L, "remote", 1L, "agent", 1L, "x11", 1L, "forwarded", 0L),
                status.get("refused"));
        assertEquals(List.of("127.0.0.1:8181"), status.get("localForwardTargets"));
        assertEquals("ssh[admin]: refused x11 forwarding (ssh -X): refused for every user", status.get("lastRefusal"));
        assertEquals(List.of(), Json.nonCamelCaseKeys(status, java.util.Set.of()), "dsas:status --json keys");
    }

    @Test
    void theRefusalLineNamesUserKindAndTarget() {
        assertEquals("ssh[viewer]: refused local forwarding (ssh -L) to 127.0.0.1:8181: only admin may forward",
                SshForwardingPolicy.refusalLine("viewer", Kind.LOCAL, "127.0.0.1:8181", "only admin may forward"));
        assertEquals("ssh[admin]: refused remote forwarding (ssh -R) to [::1]:2222: refused for every user",
                SshForwardingPolicy.refusalLine("admin", Kind.REMOTE, SshForwardingPolicy.target("::1", 2222),
                        "refused for every user"));
    }

    @Test
    void anSshServerWithoutThePolicyIsAnAlarm() {
        int[] registered = {1};
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, args) -> switch (m.getName()) {
                    case "getAllServiceReferences" -> args[0].equals(SshForwardingPolicy.SSH_SERVER_SERVICE)
                            && registered[0] > 0 ? new ServiceReference<?>[registered[0]] : null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        policy.activate(context, Map.of());

        assertEquals(List.of("1 of 1 SSH server(s) run without DSAS's forwarding policy: every key that logs in may"
                + " forward ports"), policy.alarms());
        policy.filteredServers(1);
        assertEquals(List.of(), policy.alarms());
        registered[0] = 2; // Karaf's ssh bundle restarted its server: a second registration
        assertEquals(1, policy.alarms().size(), policy.alarms().toString());
    }
}
