package org.dsas.itests.netns;

import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsRig;

/**
 * Run in a child JVM by {@link RigBasicsIT}: makes a rig with a process in it, prints the rig id, then either
 * exits without closing the rig ("exit": the shutdown hook must clean up) or hangs until killed ("hang": the
 * next rig's sweep must clean up).
 */
public final class RigInAnotherJvm {

    public static void main(String[] args) throws Exception {
        NetnsRig rig = NetnsRig.create();
        Bridge lan = rig.bridge("lan");
        Host h = rig.host("h", lan, "192.0.2.50/24");
        h.start("sleep", "sleep", "600");
        System.out.println("RIG " + rig.id);
        System.out.flush();
        if (args.length > 0 && args[0].equals("exit")) {
            System.exit(0);
        }
        Thread.sleep(600_000);
    }
}
