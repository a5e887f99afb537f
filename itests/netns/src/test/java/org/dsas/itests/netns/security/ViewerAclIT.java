package org.dsas.itests.netns.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsAppliance;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read-only user, against every command the built appliance offers with every role on. The appliance runs in its
 * own network namespace as user nobody with no capability ({@code bin/dsas-run} with DSAS_CAPS empty), so a
 * command whose ACL is missing cannot harm the test machine; each refused command is tried with {@code --help} only.
 * The classification of every command is {@code viewer-commands.txt}: a command the appliance offers that is not
 * classified there fails this test.
 */
class ViewerAclIT {

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("ssh", "ssh-keygen", "setpriv");

    /** Secrets in the appliance's configuration that no viewer command may print. */
    static final String MYSQL_PASSWORD = "Viewer-must-not-see-7";
    static final String VRRP_PASSWORD = "Vrrp42pw";

    /** Karaf's refusals: an ACL that hides the command, or one that refuses these arguments. */
    static final Pattern REFUSED = Pattern.compile("Command not found: \\S+|Insufficient credentials");

    /** Files a command the viewer must not run would write; unique per run, removed before and after. */
    static final String EXPORT = "/tmp/dsas-acl-export-" + ProcessHandle.current().pid();
    static final String REDIRECT = "/tmp/dsas-acl-redirect-" + ProcessHandle.current().pid();
    static final String TAC = "/tmp/dsas-acl-tac-" + ProcessHandle.current().pid();

    static NetnsAppliance app;
    static Host ops;
    static Map<String, Entry> classified;

    record Entry(String kind, String command, String invocation) {
    }

    @BeforeAll
    static void applianceWithEveryRole() throws Exception {
        classified = classification();
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        Host box = rig.host("box", lan, "192.0.2.10/24");
        ops = rig.host("ops", lan, "192.0.2.20/24");
        app = new NetnsAppliance(box).env("DSAS_ROLES", "lb,vrrp,metrics-collector").runAs("nobody").caps("");
        // Secrets a careless status or listing would show.
        app.appendLine("etc/org.dsas.metrics.mysql.cfg", "host = 192.0.2.10");
        app.appendLine("etc/org.dsas.metrics.mysql.cfg", "user = dsas-metrics");
        app.appendLine("etc/org.dsas.metrics.mysql.cfg", "password = " + MYSQL_PASSWORD);
        for (String line : List.of("interface = eth0", "vrid = 77", "priority = 100", "version = 2",
                "advertInterval = 1", "virtualAddresses = 192.0.2.77/24", "authPass = " + VRRP_PASSWORD)) {
            app.appendLine("etc/org.dsas.vrrp.instance-acl.cfg", line);
        }
        app.start(ops, Duration.ofSeconds(180));
        // every role's commands are registered once its features are in
        awaitCommands(Set.of("lb:list", "vrrp:show", "check:list", "metrics:hosts"), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws IOException {
        if (app != null) {
            app.stop();
        }
        for (String f : List.of(EXPORT, REDIRECT, TAC)) {
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(f));
        }
    }

    /** Started with no capability, the appliance says what each running capability lacks, one alarm line each. */
    @Test
    void statusNamesEveryMissingPrivilege() {
        ExecResult r = app.viewer(ops, "dsas:status");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("privileges:\n  user: nobody\n"), r.out());
        for (String alarm : List.of(
                "privileges: vrrp missing CAP_NET_RAW (VRRP adverts on a raw IP socket, gratuitous ARP and "
                        + "unsolicited NA), CAP_NET_ADMIN (virtual addresses on interfaces (route netlink)); running as "
                        + "nobody (uid 65534)",
                "privileges: lb/ipvs missing CAP_NET_ADMIN (IPVS over generic netlink); running as nobody",
                "privileges: healthcheck missing CAP_NET_RAW (ICMP echo for PING_CHECK")) {
            assertTrue(r.out().contains(alarm), alarm + " not in:\n" + r.out());
        }
    }

    @Test
    void everyCommandTheApplianceOffersIsClassified() {
        Set<String> offered = offered();
        Set<String> unclassified = new TreeSet<>(offered);
        unclassified.removeAll(classified.keySet());
        Set<String> stale = new TreeSet<>(classified.keySet());
        stale.removeAll(offered);
        assertTrue(unclassified.isEmpty(), "commands nobody classified for the viewer (add each to "
                + "viewer-commands.txt as admin, or as viewer together with its ACL line): " + unclassified);
        assertTrue(stale.isEmpty(), "viewer-commands.txt names commands the appliance does not offer: " + stale);
    }

    @Test
    void theViewerIsRefusedEveryCommandNotOnItsAllowlist() throws IOException {
        List<String> tried = new ArrayList<>();
        for (Entry e : classified.values()) {
            if (!e.kind().equals("viewer")) {
                tried.add(e.command() + " --help");
            }
        }
        // the exploits of the issue, with their own arguments
        tried.addAll(List.of("shell:cat /etc/shadow", "shell:cat etc/host.key", "shell:tac " + TAC,
                "shell:head /etc/shadow", "shell:grep root /etc/shadow", "shell:source /etc/shadow",
                "lb:service-add -t 198.51.100.9:80 -s rr", "lb:export " + EXPORT,
                "lb:import /etc/shadow", "config:list", "scr:config", "role:disable vrrp",
                "role:disable vrrp -- -n", "lb:timeouts 900 120 300", "system:start-level 50",
                "echo owned > " + REDIRECT));
        for (String f : List.of(EXPORT, REDIRECT, TAC)) {
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(f));
        }
        Map<String, ExecResult> results = viewerBatch(tried);
        List<String> notRefused = new ArrayList<>();
        results.forEach((command, r) -> {
            if (!REFUSED.matcher(r.out() + r.err()).find()) {
                notRefused.add(command + " -> exit " + r.exit() + ": " + firstLine(r.out() + r.err()));
            }
        });
        assertTrue(notRefused.isEmpty(), notRefused.size() + " of " + tried.size()
                + " commands were not refused for the viewer:\n  " + String.join("\n  ", notRefused));
        assertEquals(tried.size(), results.size(), "every command was tried: " + results.keySet());
        // nothing of what a missed ACL would have done happened
        for (String f : List.of(EXPORT, REDIRECT, TAC)) {
            assertFalse(app.host.exec("test", "-e", f).exit() == 0, f + " was written");
        }
        ExecResult services = app.admin(ops, "lb:list");
        assertFalse(services.out().contains("198.51.100.9"), services.out());
        ExecResult roles = app.admin(ops, "role:list");
        assertTrue(Pattern.compile("(?m)^vrrp\\s+active\\b").matcher(roles.out()).find(), roles.out());
    }

    @Test
    void theViewerRunsItsAllowlistAndSeesNoSecret() throws IOException {
        List<String> invocations = new ArrayList<>();
        for (Entry e : classified.values()) {
            if (!e.kind().equals("admin") && !e.invocation().isEmpty()) {
                invocations.add(e.invocation());
            }
        }
        Map<String, ExecResult> results = viewerBatch(invocations);
        List<String> problems = new ArrayList<>();
        results.forEach((command, r) -> {
            String all = r.out() + r.err();
            // refused by an ACL is the failure here; a command may still fail on its own (lb:timeouts where the
            // dataplane has no timeouts), which is not this test's business
            if (REFUSED.matcher(all).find() || r.exit() == 255) {
                problems.add(command + " -> exit " + r.exit() + ": " + firstLine(all));
            }
            if (all.contains(MYSQL_PASSWORD) || all.contains(VRRP_PASSWORD)) {
                problems.add(command + " printed a secret");
            }
        });
        assertTrue(problems.isEmpty(), "the viewer's allowlist: " + String.join("\n  ", problems));
        assertEquals(invocations.size(), results.size(), results.keySet().toString());
        // the dry run shows the plan and changes nothing
        assertTrue(results.get("role:enable vrrp --dry-run").out().contains("vrrp"), results.toString());
        // control: the secrets are there for admin to see, where a viewer would have looked
        ExecResult config = app.admin(ops, "config:list '(service.pid=org.dsas.metrics.mysql)'");
        assertTrue(config.out().contains(MYSQL_PASSWORD), config.toString());
    }

    /** Every command admin's shell lists ({@code *:help}; subshell entries are scopes, not commands). */
    static Set<String> offered() {
        ExecResult help = app.admin(ops, "*:help");
        assertEquals(0, help.exit(), help.toString());
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([a-z][A-Za-z0-9_-]*:[A-Za-z0-9_.-]+)\\s").matcher(help.out());
        while (m.find()) {
            names.add(m.group(1));
        }
        assertTrue(names.size() > 100, "admin's command list: " + help.out());
        return names;
    }

    static void awaitCommands(Set<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> offered = Set.of();
        while (System.nanoTime() < deadline) {
            offered = offered();
            if (offered.containsAll(wanted)) {
                return;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        fail("commands " + wanted + " not offered within " + timeout + "; offered: " + offered);
    }

    /**
     * Runs each command as the viewer over one multiplexed SSH connection (one login, a channel per command) from
     * the ops host; returns the result per command, in order.
     */
    static Map<String, ExecResult> viewerBatch(List<String> commands) throws IOException {
        StringBuilder script = new StringBuilder("set -u\nctl=$(mktemp -u /tmp/dsas-acl-XXXXXX)\n");
        String ssh = "ssh -F /dev/null -i '" + app.viewerKey + "' -p " + app.sshPort
                + " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o GlobalKnownHostsFile=/dev/null"
                + " -o BatchMode=yes -o IdentitiesOnly=yes -o PreferredAuthentications=publickey"
                + " -o ConnectTimeout=5 -o LogLevel=ERROR -o ControlMaster=auto -o ControlPath=$ctl"
                + " -o ControlPersist=60 viewer@" + app.address;
        for (String c : commands) {
            if (c.contains("'")) {
                throw new IllegalArgumentException("no single quotes in commands: " + c);
            }
            script.append("echo '@@@BEGIN ").append(c).append("'\n");
            script.append(ssh).append(" '").append(c).append("' 2>&1\n");
            script.append("echo \"@@@END $?\"\n");
        }
        script.append(ssh).append(" -O exit 2>/dev/null || true\n");
        ExecResult r = ops.exec(Duration.ofSeconds(600), List.of("sh", "-c", script.toString()));
        String out = r.out().replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        Map<String, ExecResult> results = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?s)@@@BEGIN (.*?)\n(.*?)@@@END (\\d+)\n").matcher(out);
        while (m.find()) {
            ExecResult one = new ExecResult(List.of("viewer: " + m.group(1)), Integer.parseInt(m.group(3)),
                    m.group(2), "");
            if (one.exit() == 255) {
                // ssh itself failed (the multiplexed connection dropped): the command never reached the shell, so
                // it is run again on a connection of its own
                one = app.viewer(ops, m.group(1));
            }
            results.put(m.group(1), one);
        }
        return results;
    }

    static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    static Map<String, Entry> classification() throws IOException {
        Map<String, Entry> m = new LinkedHashMap<>();
        try (InputStream in = ViewerAclIT.class.getResourceAsStream("viewer-commands.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int n = 0;
            for (String line : text.split("\n")) {
                n++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\\s+", 3);
                if (!Set.of("viewer", "args", "admin").contains(f[0]) || f.length < 2
                        || (f[0].equals("args") && f.length < 3)) {
                    throw new IllegalStateException("viewer-commands.txt:" + n + ": bad line: " + line);
                }
                m.put(f[1], new Entry(f[0], f[1], f.length > 2 ? f[2] : ""));
            }
        }
        return m;
    }
}
