package org.dsas.itests.netns.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.Json;
import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsAppliance;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.Proc;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a key that logs in to the built appliance may do besides the shell, tried with OpenSSH's own clients from
 * another host: local forwards ({@code ssh -L}) only for admin and only to 127.0.0.1:8181 (where the metrics page
 * listens; a plain TCP listener of the test stands in for it), no remote forward ({@code ssh -R}), no agent or X11
 * forwarding, no Unix-socket forwarding, no SFTP and no SCP, for admin and viewer alike. Every refusal is seen by the
 * client (the SSH server's answer), in the appliance's log and in dsas:status's counters; nothing the refused
 * request would have carried arrives.
 */
class SshForwardingIT {

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("ssh", "ssh-keygen", "ssh-agent", "sftp", "scp",
            "socat", "ss", "setpriv");

    static final Duration WAIT = Duration.ofSeconds(30);
    /** OpenSSH's words for a channel the server refused by policy (a dead target would be "connect failed"). */
    static final String PROHIBITED = "open failed: administratively prohibited";

    static NetnsAppliance app;
    static Host box;
    static Host ops;
    static Path work;
    /** What reached the stand-in metrics page on 127.0.0.1:8181 and the other server on port 9000 of the box. */
    static Path pageReceived;
    static Path otherReceived;

    @BeforeAll
    static void applianceAndTwoTcpServersInItsHost() throws Exception {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        box = rig.host("box", lan, "192.0.2.10/24");
        ops = rig.host("ops", lan, "192.0.2.20/24");
        work = rig.newDir("ssh-forwarding");
        pageReceived = work.resolve("page-8181.received");
        otherReceived = work.resolve("other-9000.received");
        // the base role has no pax-web: 127.0.0.1:8181 is free for a listener that records what it is sent
        box.start("page-8181", "socat", "-u", "TCP-LISTEN:8181,bind=127.0.0.1,reuseaddr,fork",
                "OPEN:" + pageReceived + ",creat,append");
        box.start("other-9000", "socat", "-u", "TCP-LISTEN:9000,reuseaddr,fork",
                "OPEN:" + otherReceived + ",creat,append");
        box.awaitTcpListen(8181, WAIT);
        box.awaitTcpListen(9000, WAIT);
        app = new NetnsAppliance(box).runAs("nobody");
        app.start(ops);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void adminForwardsToTheMetricsPageAndTheBytesArrive() {
        Proc tunnel = tunnel("admin", app.adminKey, 15001, "127.0.0.1:8181");
        send(15001, "admin-to-page");

        box.await("the page listener to receive admin's bytes", WAIT, () -> read(pageReceived).contains("admin-to-page"));
        assertFalse(tunnel.output().contains("open failed"), tunnel.output());
        tunnel.stop();
    }

    @Test
    void adminIsRefusedEveryOtherTarget() {
        Proc tunnel = tunnel("admin", app.adminKey, 15002, "127.0.0.1:9000");
        send(15002, "admin-to-9000");
        tunnel.awaitOutput(PROHIBITED, WAIT);
        awaitLog("ssh[admin]: refused local forwarding (ssh -L) to 127.0.0.1:9000: not in forward.targets"
                + " [127.0.0.1:8181]");
        // a name for the listed address is refused too: it is never resolved
        Proc byName = tunnel("admin", app.adminKey, 15003, "localhost:8181");
        send(15003, "admin-by-name");
        byName.awaitOutput(PROHIBITED, WAIT);

        // the channels were refused before any byte could pass: nothing arrived anywhere
        assertFalse(read(otherReceived).contains("admin-to-9000"), read(otherReceived));
        assertFalse(read(pageReceived).contains("admin-by-name"), read(pageReceived));
        tunnel.stop();
        byName.stop();
    }

    @Test
    void theViewerForwardsNothingNotEvenToTheMetricsPage() {
        Proc page = tunnel("viewer", app.viewerKey, 15004, "127.0.0.1:8181");
        Proc other = tunnel("viewer", app.viewerKey, 15005, "192.0.2.10:9000");
        send(15004, "viewer-to-page");
        send(15005, "viewer-to-9000");

        page.awaitOutput(PROHIBITED, WAIT);
        other.awaitOutput(PROHIBITED, WAIT);
        awaitLog("ssh[viewer]: refused local forwarding (ssh -L) to 127.0.0.1:8181: only admin may forward");
        awaitLog("ssh[viewer]: refused local forwarding (ssh -L) to 192.0.2.10:9000: only admin may forward");
        assertFalse(read(pageReceived).contains("viewer-to-page"), read(pageReceived));
        assertFalse(read(otherReceived).contains("viewer-to-9000"), read(otherReceived));
        page.stop();
        other.stop();
    }

    @Test
    void remoteForwardsAreRefusedForAdminAndViewer() {
        for (String user : List.of("admin", "viewer")) {
            int port = user.equals("admin") ? 15006 : 15007;
            ExecResult r = ops.exec(WAIT, ssh(user, key(user), "-N", "-o", "ExitOnForwardFailure=yes",
                    "-R", "127.0.0.1:" + port + ":192.0.2.20:22"));
            assertEquals(255, r.exit(), r.toString());
            assertTrue(r.err().contains("remote port forwarding failed for listen port " + port), r.toString());
            awaitLog("ssh[" + user + "]: refused remote forwarding (ssh -R) to 127.0.0.1:" + port);
            assertEquals("", box.exec("ss", "-Hltn", "sport = :" + port).out(), "nothing listens on " + port);
        }
    }

    @Test
    void unixSocketForwardsAreRefused() {
        Proc local = ops.start("ssh-L-socket", Map.of(), null, ssh("admin", app.adminKey, "-N", "-L",
                "127.0.0.1:15008:/run/dsas-none.sock"));
        ops.awaitTcpListen(15008, WAIT);
        send(15008, "to-a-socket");
        local.awaitOutput("open failed", WAIT);
        local.stop();

        Path remote = work.resolve("remote.sock");
        ExecResult r = ops.exec(WAIT, ssh("admin", app.adminKey, "-N", "-o", "ExitOnForwardFailure=yes",
                "-R", remote + ":127.0.0.1:22"));
        assertEquals(255, r.exit(), r.toString());
        assertTrue(r.err().contains("remote port forwarding failed for listen path"), r.toString());
    }

    @Test
    void agentAndX11ForwardingAreRefusedAndCounted() {
        Map<String, Object> before = refusedCounts();
        Path agentSocket = work.resolve("agent.sock");
        Proc agent = ops.start("ssh-agent", "ssh-agent", "-D", "-a", agentSocket.toString());
        ops.await("the ssh agent's socket", WAIT, () -> Files.exists(agentSocket));

        // ssh asks for agent forwarding (-A) and X11 forwarding (-Y, fake cookie: no xauth) on the session channel
        List<String> cmd = new ArrayList<>(List.of("env", "SSH_AUTH_SOCK=" + agentSocket, "DISPLAY=:99"));
        cmd.addAll(ssh("admin", app.adminKey, "-A", "-Y", "-o", "XAuthLocation=/nonexistent"));
        cmd.add("role:list");
        ExecResult r = ops.exec(WAIT, cmd);
        assertEquals(0, r.exit(), r.toString());
        agent.stop();

        awaitLog("ssh[admin]: refused agent forwarding (ssh -A): refused for every user");
        awaitLog("ssh[admin]: refused x11 forwarding (ssh -X): refused for every user");
        Map<String, Object> after = refusedCounts();
        assertEquals((Long) before.get("agent") + 1, after.get("agent"), after.toString());
        assertEquals((Long) before.get("x11") + 1, after.get("x11"), after.toString());
    }

    @Test
    void refusedLocalForwardsAreCountedInStatus() {
        long before = (Long) refusedCounts().get("local");
        Proc tunnel = tunnel("viewer", app.viewerKey, 15009, "127.0.0.1:8181");
        send(15009, "counted");
        tunnel.awaitOutput(PROHIBITED, WAIT);
        tunnel.stop();

        Map<String, Object> forwarding = forwarding();
        assertEquals(before + 1, ((Map<?, ?>) forwarding.get("refused")).get("local"), forwarding.toString());
        assertEquals(List.of("127.0.0.1:8181"), forwarding.get("localForwardTargets"), forwarding.toString());
        assertTrue((Long) forwarding.get("sshServersFiltered") >= 1, forwarding.toString());
        String alarms = String.valueOf(status().get("alarms"));
        assertFalse(alarms.contains("forwarding policy"), alarms);
    }

    @Test
    void sftpIsRefusedForAdminAndViewerAndWritesNothing() throws IOException {
        Path upload = work.resolve("upload.txt");
        Files.writeString(upload, "written over sftp\n");
        for (String user : List.of("admin", "viewer")) {
            Path got = work.resolve(user + "-host.key");
            Path batch = work.resolve(user + ".sftp");
            Files.writeString(batch, "put " + upload + " etc/sftp-" + user + ".txt\nget etc/host.key " + got + "\n");
            List<String> sftp = new ArrayList<>(List.of("sftp", "-b", batch.toString(), "-P",
                    String.valueOf(app.sshPort), "-i", key(user).toString()));
            sftp.addAll(options());
            sftp.add(user + "@" + app.address);
            ExecResult r = ops.exec(WAIT, sftp);
            assertNotEquals(0, r.exit(), r.toString());
            assertTrue(r.err().contains("subsystem request failed"), r.toString());
            assertFalse(Files.exists(got), got + " was fetched");
        }
        assertEquals(List.of(), written("sftp-"), "files written over sftp");
    }

    @Test
    void scpIsRefusedInBothProtocolsAndWritesNothing() throws IOException {
        Path upload = work.resolve("upload-scp.txt");
        Files.writeString(upload, "written over scp\n");
        for (String user : List.of("admin", "viewer")) {
            // -O: the old protocol, which runs "scp -t <file>" as a command; without -O scp uses SFTP
            for (String mode : List.of("-O", "-s")) {
                List<String> scp = new ArrayList<>(List.of("scp", mode, "-P", String.valueOf(app.sshPort), "-i",
                        key(user).toString()));
                scp.addAll(options());
                scp.add(upload.toString());
                scp.add(user + "@" + app.address + ":etc/scp-" + user + mode + ".txt");
                ExecResult r = ops.exec(WAIT, scp);
                assertNotEquals(0, r.exit(), r.toString());
            }
        }
        assertEquals(List.of(), written("scp-"), "files written over scp");
    }

    @Test
    void thePolicyIsOnTheNewServerKarafCreatesWhenItsConfigurationChanges() throws IOException {
        int before = count(app.log(), INSTALLED);
        // Karaf's ssh bundle stops its server and registers a new one; this very session ends with the old server
        app.admin(ops, "config:property-set -p org.apache.karaf.shell sshIdleTimeout 1800001");
        box.await("the policy on a new SSH server", WAIT, () -> count(read(app.home.resolve("data/log/karaf.log")),
                INSTALLED) > before);
        box.await("admin's login on the new server", WAIT, () -> app.admin(ops, "role:list").exit() == 0);

        Proc viewer = tunnel("viewer", app.viewerKey, 15010, "127.0.0.1:8181");
        send(15010, "viewer-after-restart");
        viewer.awaitOutput(PROHIBITED, WAIT);
        Proc admin = tunnel("admin", app.adminKey, 15011, "127.0.0.1:8181");
        send(15011, "admin-after-restart");
        box.await("the page listener to receive admin's bytes", WAIT,
                () -> read(pageReceived).contains("admin-after-restart"));
        assertFalse(read(pageReceived).contains("viewer-after-restart"), read(pageReceived));
        // Karaf leaves the old server's registration in place: both carry the policy, so no alarm
        assertTrue((Long) forwarding().get("sshServersFiltered") >= 2, forwarding().toString());
        String alarms = String.valueOf(status().get("alarms"));
        assertFalse(alarms.contains("forwarding policy"), alarms);
        viewer.stop();
        admin.stop();
    }

    // ---------------------------------------------------------------- helpers

    /** {@code ssh -N -L 127.0.0.1:<localPort>:<target>} from the ops host, once its local listener is up (login done). */
    static Proc tunnel(String user, Path key, int localPort, String target) {
        Proc p = ops.start("ssh-L-" + user + "-" + localPort, Map.of(), null, ssh(user, key, "-N", "-L",
                "127.0.0.1:" + localPort + ":" + target));
        ops.awaitTcpListen(localPort, WAIT);
        return p;
    }

    /** Connects to the tunnel's entrance on the ops host and sends one line. */
    static void send(int localPort, String line) {
        ops.exec(WAIT, "sh", "-c", "printf '%s\\n' '" + line + "' | socat -t 5 - TCP:127.0.0.1:" + localPort);
    }

    static final String INSTALLED = "ssh: DSAS forwarding policy on the SSH server";

    static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    static Path key(String user) {
        return user.equals("admin") ? app.adminKey : app.viewerKey;
    }

    /** OpenSSH client options for a key login to the appliance (LogLevel INFO: refusals are printed). */
    static List<String> options() {
        return List.of("-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "PreferredAuthentications=publickey", "-o", "ConnectTimeout=5", "-o", "LogLevel=INFO");
    }

    /** {@code ssh -i <key> -p <port> <options> <args> user@appliance}; add a remote command after it. */
    static List<String> ssh(String user, Path key, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-i", key.toString(), "-p", String.valueOf(app.sshPort)));
        cmd.addAll(options());
        cmd.addAll(List.of(args));
        cmd.add(user + "@" + app.address);
        return cmd;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitLog(String line) {
        box.await("karaf.log to contain '" + line + "'", WAIT, () -> {
            try {
                return app.log().contains(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Files under the appliance's directory whose name starts with {@code prefix}. */
    static List<String> written(String prefix) throws IOException {
        try (var files = Files.walk(app.home)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).map(Path::toString).toList();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status() {
        ExecResult r = app.admin(ops, "dsas:status --json");
        assertEquals(0, r.exit(), r.toString());
        return (Map<String, Object>) Json.parse(r.out().trim());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> forwarding() {
        Map<String, Object> ssh = (Map<String, Object>) status().get("ssh");
        Object forwarding = ssh == null ? null : ssh.get("forwarding");
        assertTrue(forwarding instanceof Map, "dsas:status has no ssh.forwarding section: " + ssh);
        return (Map<String, Object>) forwarding;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> refusedCounts() {
        return (Map<String, Object>) forwarding().get("refused");
    }
}
