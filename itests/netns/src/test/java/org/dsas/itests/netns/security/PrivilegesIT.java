package org.dsas.itests.netns.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsAppliance;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The appliance as the product starts it ({@code bin/dsas-run} as root): Karaf's JVM runs as user dsas holding
 * CAP_NET_ADMIN, CAP_NET_RAW and CAP_NET_BIND_SERVICE and nothing else, VRRP still takes its address (raw socket,
 * route netlink) with those alone, and the operator's scripts (VRRP notify and track) run as dsas with no
 * capability at all. {@code dsas:status} says who the appliance runs as and that each capability has what it needs.
 */
class PrivilegesIT {

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("ssh", "ssh-keygen", "setpriv");

    static final String NO_CAPS = "0000000000000000";

    @Test
    void theApplianceHoldsThreeCapabilitiesAndItsScriptsNone() throws Exception {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        Host box = rig.host("box", lan, "192.0.2.10/24");
        Host ops = rig.host("ops", lan, "192.0.2.20/24");

        // Scripts write what they are into a directory anyone may write (the appliance's user is created by the
        // launcher, so the test cannot hand it the directory before).
        Path out = rig.newDir("script-out");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path scripts = rig.newDir("scripts");
        String report = "{ id -un; grep -E '^Cap(Inh|Prm|Eff|Amb):' /proc/self/status; echo \"args $*\"; }";
        Path notify = script(scripts.resolve("notify.sh"), report + " > " + out + "/notify.$3.tmp && mv "
                + out + "/notify.$3.tmp " + out + "/notify.$3");
        Path track = script(scripts.resolve("track.sh"), report + " > " + out + "/track.tmp && mv " + out
                + "/track.tmp " + out + "/track");

        NetnsAppliance app = new NetnsAppliance(box).env("DSAS_ROLES", "vrrp");
        for (String line : List.of("interface = eth0", "vrid = 61", "priority = 100", "version = 2",
                "advertInterval = 1", "virtualAddresses = 192.0.2.61/24", "notify = " + notify,
                "trackScript = " + track, "trackScriptInterval = 1")) {
            app.appendLine("etc/org.dsas.vrrp.instance-priv.cfg", line);
        }
        app.start(ops, Duration.ofSeconds(180));

        // Alone on its LAN, the instance becomes master: the address is added with CAP_NET_ADMIN only.
        box.awaitAddress("eth0", "192.0.2.61", true, Duration.ofSeconds(60));

        // The JVM: user dsas, exactly the three capabilities, in every set that matters.
        long java = javaPid(app);
        List<String> status = Files.readAllLines(Path.of("/proc/" + java + "/status"));
        String uid = line(status, "Uid:").split("\\s+")[1];
        assertEquals(box.exec("id", "-u", "dsas").orThrow().out().trim(), uid, "the JVM's uid");
        assertFalse(uid.equals("0"), "the JVM runs as root");
        for (String set : List.of("CapEff:", "CapPrm:", "CapAmb:")) {
            assertEquals("0000000000003400", line(status, set).split("\\s+")[1], set + " of the JVM " + status);
        }

        // The scripts: user dsas, no capability in any set, keepalived's notify arguments.
        Path notified = out.resolve("notify.MASTER");
        box.await("the notify script ran for MASTER", Duration.ofSeconds(60), () -> Files.exists(notified));
        List<String> n = Files.readAllLines(notified);
        assertDsasWithoutCapabilities(n);
        assertEquals("args INSTANCE priv MASTER 100", n.get(5));
        Path tracked = out.resolve("track");
        box.await("the track script ran", Duration.ofSeconds(60), () -> Files.exists(tracked));
        assertDsasWithoutCapabilities(Files.readAllLines(tracked));

        // The operator's view.
        ExecResult s = app.viewer(ops, "dsas:status");
        assertEquals(0, s.exit(), s.toString());
        assertTrue(s.out().contains("privileges:\n  user: dsas\n"), s.out());
        assertTrue(s.out().contains("capability=vrrp  privileges=ok (CAP_NET_RAW: "), s.out());
        assertTrue(s.out().contains("scripts:\n  user: dsas\n  capabilities: none\n"), s.out());
        assertFalse(s.out().contains("privileges: vrrp"), "a privilege alarm: " + s.out());
    }

    /** A script's report: user dsas, then its four capability sets, all empty. */
    private static void assertDsasWithoutCapabilities(List<String> report) {
        assertEquals("dsas", report.get(0), report.toString());
        assertEquals(List.of("CapInh:\t" + NO_CAPS, "CapPrm:\t" + NO_CAPS, "CapEff:\t" + NO_CAPS,
                "CapAmb:\t" + NO_CAPS), report.subList(1, 5), report.toString());
    }

    private static Path script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static String line(List<String> status, String prefix) {
        return status.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    /** The appliance's JVM: the java process among the launcher's descendants. */
    private static long javaPid(NetnsAppliance app) {
        return app.process().handle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no java process under the launcher")).pid();
    }
}
