package org.dsas.itests.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsAppliance;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The built appliance in a namespace, administered over SSH from another namespace. */
class ApplianceInNetnsIT {

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("ssh", "ssh-keygen");

    @Test
    void applianceInOneHostIsReachedOverSshWithAKeyFromAnother() throws Exception {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        Host box = rig.host("box", lan, "192.0.2.10/24");
        Host ops = rig.host("ops", lan, "192.0.2.20/24");
        NetnsAppliance app = new NetnsAppliance(box);
        long t0 = System.nanoTime();
        app.start(ops);
        System.out.println("appliance SSH-ready in its namespace after " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        ExecResult roles = app.admin(ops, "role:list");
        assertEquals(0, roles.exit(), roles.toString());
        assertTrue(Pattern.compile("(?m)^\\s*base\\s+active\\b").matcher(roles.out()).find(), roles.out());

        // SSH listens on the namespace's address only
        String listen = box.exec("ss", "-Hltn", "sport = :" + app.sshPort).out();
        assertTrue(listen.contains("192.0.2.10:" + app.sshPort) || listen.contains("192.0.2.10]:" + app.sshPort), listen);
        // the viewer may list roles and dry-run a change, but not change them (every command: ViewerAclIT)
        ExecResult viewerList = app.viewer(ops, "role:list");
        assertEquals(0, viewerList.exit(), viewerList.toString());
        ExecResult viewerDryRun = app.viewer(ops, "role:enable vrrp --dry-run");
        assertEquals(0, viewerDryRun.exit(), viewerDryRun.toString());
        ExecResult viewerEnable = app.viewer(ops, "role:enable vrrp");
        assertNotEquals(0, viewerEnable.exit(), viewerEnable.toString());
        assertTrue(viewerEnable.all().contains("Insufficient credentials"), viewerEnable.toString());
        app.stop();
    }
}
