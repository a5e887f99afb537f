package org.dsas.itests.netns.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.dsas.core.api.Json;
import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsAppliance;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Least privilege with the built appliance: started as root by its launcher ({@code bin/dsas-run}), the JVM
 * runs as user dsas with CAP_NET_ADMIN, CAP_NET_RAW and CAP_NET_BIND_SERVICE only, and mounts go through the root-run
 * {@code bin/dsas-privhelper}: admin's {@code dsas:mount scratch} mounts the tmpfs {@code privileged/mounts} names,
 * seen in the appliance JVM's own mount table. {@code ip netns exec} gives the appliance a private mount namespace
 * (mounts propagate from the host into it, never back), so nothing it mounts reaches the test machine.
 */
class PrivilegedHelperIT {

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("ssh", "ssh-keygen", "setpriv", "nsenter",
            "findmnt", "flock", "mkfifo");

    /** bin/dsas-run's default user. */
    static final String USER = "dsas";
    static final Pattern REFUSED = Pattern.compile("Command not found: \\S+|Insufficient credentials");
    /** CAP_NET_BIND_SERVICE (10), CAP_NET_ADMIN (12), CAP_NET_RAW (13). */
    static final String NETWORK_CAPS = "0000000000003400";

    static NetnsAppliance app;
    static Host ops;
    static Path mountpoint;

    @BeforeAll
    static void applianceStartedAsRootByItsLauncher() throws Exception {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        Host box = rig.host("box", lan, "192.0.2.10/24");
        ops = rig.host("ops", lan, "192.0.2.20/24");
        mountpoint = rig.newDir("scratch-mnt");
        Files.setPosixFilePermissions(mountpoint, PosixFilePermissions.fromString("rwxr-xr-x"));
        app = new NetnsAppliance(box);
        Files.writeString(app.home.resolve("privileged/mounts"), "# written by PrivilegedHelperIT\n"
                + "scratch tmpfs " + mountpoint + " tmpfs size=4m,mode=0755,nosuid,nodev,noexec\n");
        app.start(ops, Duration.ofSeconds(180));
    }

    @AfterEach
    void unmountWhateverATestLeft() {
        // also when a test failed half-way: nothing stays mounted, whatever the helper did
        long pid = javaPid();
        if (pid > 0 && mountedIn(pid)) {
            ExecResult r = app.host.exec("nsenter", "-t", String.valueOf(pid), "-m", "umount", mountpoint.toString());
            assertEquals(0, r.exit(), r.toString());
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (app != null) {
            app.stop();
        }
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mountpoint + " "),
                "the appliance's mount reached the test machine");
    }

    @Test
    void theJvmRunsAsItsUserWithTheNetworkCapabilitiesOnlyAndReachesTheHelper() throws Exception {
        long pid = javaPid();
        assertTrue(pid > 0, "no Karaf JVM in " + app.host);
        Map<String, String> status = procStatus(pid);
        String uid = app.host.exec("id", "-u", USER).out().strip();
        assertEquals(List.of(uid, uid, uid, uid), List.of(status.get("Uid").split("\\s+")), status.toString());
        assertEquals(NETWORK_CAPS, status.get("CapEff"), status.toString());
        assertEquals(NETWORK_CAPS, status.get("CapPrm"), status.toString());
        assertEquals(NETWORK_CAPS, status.get("CapAmb"), status.toString());

        ExecResult s = app.admin(ops, "dsas:status --json");
        assertEquals(0, s.exit(), s.toString());
        Map<?, ?> section = (Map<?, ?>) ((Map<?, ?>) Json.parse(s.out().strip())).get("privileged");
        assertEquals(Map.of("helper", "reachable (" + app.home.resolve("privileged") + ")"), section, s.out());
        ExecResult text = app.admin(ops, "dsas:status");
        assertTrue(text.out().contains("privileged:\n  helper: reachable (" + app.home.resolve("privileged") + ")\n"),
                text.out());
    }

    @Test
    void adminMountsAndUnmountsTheTmpfsInTheAppliancesMountNamespaceOnly() throws Exception {
        long pid = javaPid();
        assertFalse(mountedIn(pid), "mounted before the test");
        ExecResult listed = app.admin(ops, "dsas:mounts");
        assertEquals(0, listed.exit(), listed.toString());
        assertTrue(Pattern.compile("(?m)^scratch\\s+unmounted\\s+" + Pattern.quote(mountpoint.toString())
                + "\\s+tmpfs\\s+tmpfs$").matcher(listed.out()).find(), listed.out());

        ExecResult mount = app.admin(ops, "dsas:mount scratch");

        assertEquals(0, mount.exit(), mount.toString());
        assertEquals("mounted scratch: tmpfs on " + mountpoint + " (tmpfs)", mount.out().strip());
        assertTrue(mountedIn(pid), "not in /proc/" + pid + "/mountinfo: " + mountpoint);
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mountpoint + " "),
                "the appliance's mount reached the test machine's mount namespace");
        // the viewer sees it, and may not change it
        ExecResult viewerList = app.viewer(ops, "dsas:mounts --json");
        assertEquals(0, viewerList.exit(), viewerList.toString());
        List<?> model = (List<?>) Json.parse(viewerList.out().strip());
        assertEquals(Map.of("name", "scratch", "mounted", true, "changed", false, "device", "tmpfs",
                "mountpoint", mountpoint.toString(), "fstype", "tmpfs"), model.get(0));
        ExecResult viewerUmount = app.viewer(ops, "dsas:umount scratch");
        assertNotEquals(0, viewerUmount.exit(), viewerUmount.toString());
        assertTrue(REFUSED.matcher(viewerUmount.all()).find(), viewerUmount.toString());
        assertTrue(mountedIn(pid), "the viewer's dsas:umount unmounted it");
        ExecResult again = app.admin(ops, "dsas:mount scratch");
        assertEquals("scratch was already mounted: tmpfs on " + mountpoint + " (tmpfs)", again.out().strip(),
                again.toString());

        ExecResult umount = app.admin(ops, "dsas:umount scratch");

        assertEquals(0, umount.exit(), umount.toString());
        assertEquals("unmounted scratch: tmpfs on " + mountpoint + " (tmpfs)", umount.out().strip());
        assertFalse(mountedIn(pid), "still in /proc/" + pid + "/mountinfo: " + mountpoint);
        String helperLog = app.process().output();
        assertTrue(helperLog.contains("dsas-privhelper: mount scratch: tmpfs on " + mountpoint + " (tmpfs)"),
                helperLog);
        assertTrue(helperLog.contains("dsas-privhelper: umount scratch: " + mountpoint), helperLog);
    }

    @Test
    void anUnknownNameIsRefusedInOneLine() {
        ExecResult r = app.admin(ops, "dsas:mount nosuch");

        assertNotEquals(0, r.exit(), r.toString());
        List<String> said = r.all().lines().filter(l -> !l.isBlank() && !l.startsWith("Connection to ")).toList();
        assertEquals(List.of("Error executing command: no mount named 'nosuch' in " + app.home.resolve(
                "privileged/mounts") + " (read when the helper started)"), said, r.toString());
        assertFalse(mountedIn(javaPid()));
    }

    @Test
    void theViewersMountIsRefusedByTheAcl() {
        long mountsBefore = app.process().output().lines().filter(l -> l.startsWith("dsas-privhelper: mount ")).count();

        ExecResult r = app.viewer(ops, "dsas:mount scratch");

        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(REFUSED.matcher(r.all()).find(), r.toString());
        assertFalse(mountedIn(javaPid()), "the viewer's dsas:mount mounted it");
        assertEquals(mountsBefore, app.process().output().lines().filter(l -> l.startsWith("dsas-privhelper: mount "))
                .count(), "the helper was asked to mount");
    }

    /** The Karaf JVM in the appliance's namespace (the launcher's child), or -1. */
    static long javaPid() {
        for (long pid : app.host.pids()) {
            try {
                String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
                if (cmdline.contains("org.apache.karaf.main.Main")) {
                    return pid;
                }
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return -1;
    }

    /** Whether the JVM's mount table has a tmpfs on the mount point. */
    static boolean mountedIn(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"))) {
                String[] f = line.split(" ");
                int dash = List.of(f).indexOf("-");
                if (f.length > 4 && f[4].equals(mountpoint.toString()) && dash > 0 && f[dash + 1].equals("tmpfs")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the mount table of " + pid + ": " + e.getMessage());
        }
    }

    static Map<String, String> procStatus(long pid) throws IOException {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                m.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return m;
    }
}
