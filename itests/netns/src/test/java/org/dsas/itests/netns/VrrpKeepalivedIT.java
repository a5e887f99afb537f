package org.dsas.itests.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;

import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.Keepalived;
import org.dsas.testsupport.netns.NetnsAppliance;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.dsas.testsupport.netns.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DSAS VRRP against real keepalived 2.2.7 in network namespaces: both directions
 * (DSAS master / keepalived backup and the reverse), v2 at 1 s and v3 at 100 ms,
 * failover on stop, kill and link down, preemption back, and the service address
 * answering ping and ARP from the right host after every step.
 */
class VrrpKeepalivedIT {

    static final String VIP = "192.0.2.100";

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("keepalived", "busybox", "ssh", "ssh-keygen")
            .perTest();

    /** a = DSAS, b = keepalived, c = client that pings the VIP; all on one bridge. */
    private Host[] rig() {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        return new Host[] {rig.host("a", lan, "192.0.2.1/24"), rig.host("b", lan, "192.0.2.2/24"),
            rig.host("c", lan, "192.0.2.3/24")};
    }

    private static NetnsAppliance dsas(Host a, int priority, int version, String interval) throws Exception {
        NetnsAppliance app = new NetnsAppliance(a).env("DSAS_ROLES", "vrrp");
        Files.writeString(app.home.resolve("etc/org.dsas.vrrp.instance-VI_1.cfg"), String.join("\n",
                "interface = eth0", "vrid = 51", "priority = " + priority, "version = " + version,
                "advertInterval = " + interval, "virtualAddresses = " + VIP + "/24", "garpDelay = 0", ""));
        return app;
    }

    private static Keepalived keepalived(Host b, int priority, int version, String interval) {
        Keepalived k = Keepalived.on(b).priority(priority).version(version).vip(VIP + "/24");
        if (!interval.equals("1")) {
            k.extra("advert_int " + interval);
        }
        return k;
    }

    /** The VIP answers ping from c, and c's ARP entry for it is the owner's MAC. */
    private static void vipAnswersFrom(Host owner, Host client) {
        ExecResult ping = client.exec("busybox", "ping", "-c", "1", "-W", "2", VIP);
        assertEquals(0, ping.exit(), ping.toString());
        String mac = owner.exec("cat", "/sys/class/net/eth0/address").out().trim();
        String neigh = client.exec("ip", "neigh", "show", VIP).out();
        assertTrue(neigh.contains(mac), "ARP for " + VIP + " on " + client + " is not " + owner + "'s MAC " + mac + ": " + neigh);
    }

    @Test
    void dsasMasterKeepalivedBackupV2FailoverAndPreemptBack() throws Exception {
        Host[] h = rig();
        Host a = h[0];
        Host b = h[1];
        Host c = h[2];
        NetnsAppliance app = dsas(a, 150, 2, "1");
        app.start(c);
        a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(20));
        Proc kd = keepalived(b, 100, 2, "1").start();
        kd.awaitOutput("Entering BACKUP STATE", Duration.ofSeconds(10));
        Thread.sleep(3000);
        assertFalse(b.hasAddress("eth0", VIP), "keepalived took the VIP from a higher-priority DSAS master");
        vipAnswersFrom(a, c);
        ExecResult show = app.admin(c, "vrrp:show --json VI_1");
        assertTrue(show.out().contains("\"state\":\"MASTER\""), show.toString());
        // keepalived, as BACKUP, learned DSAS as its master from DSAS's adverts (it is silent itself).
        assertTrue(kd.output().contains("Entering BACKUP STATE"), kd.output());

        // The DSAS node's link goes down: keepalived takes over within the master down interval.
        a.exec("ip", "link", "set", "eth0", "down");
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(6));
        kd.awaitOutput("Entering MASTER STATE", Duration.ofSeconds(2));
        a.exec("ip", "link", "set", "eth0", "up");
        // Link back: DSAS (150) preempts keepalived (100).
        a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(15));
        b.awaitAddress("eth0", VIP, false, Duration.ofSeconds(5));
        vipAnswersFrom(a, c);

        // The DSAS appliance is stopped (priority 0 on the way out): keepalived takes over fast.
        app.stop();
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(5));
        assertFalse(a.hasAddress("eth0", VIP), "the stopped DSAS kept the VIP");
        vipAnswersFrom(b, c);
    }

    @Test
    void keepalivedMasterDsasBackupV3At100msFailoverOnKillAndBack() throws Exception {
        Host[] h = rig();
        Host a = h[0];
        Host b = h[1];
        Host c = h[2];
        Proc kd = keepalived(b, 150, 3, "0.1").start();
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(10));
        NetnsAppliance app = dsas(a, 100, 3, "0.1");
        app.start(c);
        Thread.sleep(2000);
        ExecResult list = app.admin(c, "vrrp:list --json");
        assertTrue(list.out().contains("\"state\":\"BACKUP\""), list.toString());
        assertFalse(a.hasAddress("eth0", VIP), "DSAS took the VIP from a higher-priority keepalived master");
        vipAnswersFrom(b, c);

        // keepalived is killed (no priority 0): DSAS takes over after 3 x 100 ms + skew.
        kd.kill();
        a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(3));
        vipAnswersFrom(a, c);
        list = app.admin(c, "vrrp:list --json");
        assertTrue(list.out().contains("\"state\":\"MASTER\""), list.toString());

        // keepalived comes back with the higher priority and preempts; DSAS steps down and drops the VIP.
        Proc back = keepalived(b, 150, 3, "0.1").start();
        back.awaitOutput("Entering MASTER STATE", Duration.ofSeconds(10));
        a.awaitAddress("eth0", VIP, false, Duration.ofSeconds(5));
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(5));
        vipAnswersFrom(b, c);
        app.stop();
    }

    @Test
    void keepalivedStoppedSendsPriorityZeroAndDsasTakesOverV2() throws Exception {
        Host[] h = rig();
        Host a = h[0];
        Host b = h[1];
        Host c = h[2];
        Proc kd = keepalived(b, 150, 2, "1").start();
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(10));
        NetnsAppliance app = dsas(a, 100, 2, "1");
        app.start(c);
        Thread.sleep(3000);
        assertFalse(a.hasAddress("eth0", VIP));
        kd.stop(); // SIGTERM: keepalived sends priority 0
        a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(3));
        vipAnswersFrom(a, c);
        ExecResult show = app.admin(c, "vrrp:show --json VI_1");
        assertTrue(show.out().contains("\"priorityZeroReceived\":1"), show.toString());
        app.stop();
    }
}
