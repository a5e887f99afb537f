package org.dsas.itests.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * (DSAS master / keepalived backup and the reverse), v2 at 1 s and v3 at 100 ms, IPv6 (v3) both ways,
 * failover on stop, kill and link down, preemption back, and the service address
 * answering ping and ARP from the right host after every step. That keepalived takes DSAS's adverts is read from
 * keepalived itself (its SIGUSR1 state dump: BACKUP, master router and priority as learned from an accepted
 * advert); that DSAS takes keepalived's from vrrp:show (state, master, peers). No settle sleeps: every step awaits
 * what it needs.
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
                "advertInterval = " + interval, "virtualAddresses = " + VIP + "/24", "garpDelay = 2", ""));
        return app;
    }

    private static Keepalived keepalived(Host b, int priority, int version, String interval) {
        Keepalived k = Keepalived.on(b).priority(priority).version(version).vip(VIP + "/24").privateTmp();
        if (!interval.equals("1")) {
            k.extra("advert_int " + interval);
        }
        return k;
    }

    record Pair(Proc keepalived, NetnsAppliance dsas) {
    }

    /** keepalived master (150) on b, then the DSAS backup (100) on a, once DSAS has taken keepalived's adverts. */
    private static Pair keepalivedMasterDsasBackup(Host[] h, int version, String interval) throws Exception {
        Proc kd = keepalived(h[1], 150, version, interval).start();
        h[1].awaitAddress("eth0", VIP, true, Duration.ofSeconds(10));
        NetnsAppliance app = dsas(h[0], 100, version, interval);
        app.start(h[2]);
        awaitDsasBackupOf(app, h[2], "VI_1", "192.0.2.2", 150);
        return new Pair(kd, app);
    }

    /**
     * Awaits keepalived's own state dump (SIGUSR1): instance BACKUP with {@code master} at {@code priority} as its
     * master router. keepalived sets those only from an advert it accepted (version, VRID, authentication, source
     * and TTL checks passed); before the first one the master router is 0.0.0.0 / ::. Returns the dump.
     */
    static String awaitKeepalivedBackupOf(Keepalived k, Proc kd, String master, int priority) {
        String[] last = {""};
        try {
            kd.await("keepalived BACKUP with master router " + master + " priority " + priority,
                    Duration.ofSeconds(15), () -> {
                        last[0] = k.data(kd);
                        return last[0].contains("State = BACKUP\n") && last[0].contains("Master router = " + master
                                + "\n") && last[0].contains("Master priority = " + priority + "\n");
                    });
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage() + "\nkeepalived's last state dump:\n" + last[0], e);
        }
        return last[0];
    }

    /** Awaits DSAS's vrrp:show: BACKUP, {@code master} as master and in its peers at {@code priority}. */
    static ExecResult awaitDsasBackupOf(NetnsAppliance app, Host client, String instance, String master,
                                        int priority) {
        ExecResult[] last = {null};
        try {
            app.host.await("DSAS " + instance + " BACKUP of " + master + " (" + priority + ")", Duration.ofSeconds(20),
                    () -> {
                        last[0] = app.admin(client, "vrrp:show --json " + instance);
                        String out = last[0].out();
                        Matcher m = Pattern.compile("\"master\":\"([^\"]+)\"").matcher(out);
                        Matcher peers = Pattern.compile("\"peers\":\\{([^}]*)}").matcher(out);
                        return out.contains("\"state\":\"BACKUP\"") && m.find() && sameAddress(m.group(1), master)
                                && peers.find() && Pattern.compile("\"([^\"]+)\":(\\d+)").matcher(peers.group(1))
                                        .results().anyMatch(e -> sameAddress(e.group(1), master)
                                                && e.group(2).equals(String.valueOf(priority)));
                    });
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage() + "\nlast vrrp:show: " + last[0], e);
        }
        return last[0];
    }

    /** The same IP address in any notation (Java prints IPv6 uncompressed, with a scope). */
    static boolean sameAddress(String x, String y) {
        try {
            return InetAddress.getByName(x.replaceAll("%.*", "")).equals(
                    InetAddress.getByName(y.replaceAll("%.*", "")));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A counter of vrrp:show --json (0 when absent). */
    static long counter(ExecResult show, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name)
                + "\":(\\d+)").matcher(show.out());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * The VIP answers ping from c, and c's ARP entry for it becomes the owner's MAC. A killed or frozen
     * keepalived leaves the address on its interface and its kernel keeps answering ARP, and Linux ignores
     * an ARP update within a second of the last one: the second gratuitous ARP burst settles it.
     */
    private static void vipAnswersFrom(Host owner, Host client) {
        String mac = owner.exec("cat", "/sys/class/net/eth0/address").out().trim();
        client.await("ARP for " + VIP + " on " + client + " pointing at " + owner + " (" + mac + ")",
                Duration.ofSeconds(8), () -> client.exec("busybox", "ping", "-c", "1", "-W", "1", VIP).exit() == 0
                        && client.exec("ip", "neigh", "show", VIP).out().contains(mac));
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
        Keepalived k = keepalived(b, 100, 2, "1");
        Proc kd = k.start();
        // keepalived, as BACKUP, learned DSAS as its master from DSAS's adverts (it is silent itself).
        awaitKeepalivedBackupOf(k, kd, "192.0.2.1", 150);
        assertFalse(kd.output().contains("Entering MASTER STATE"), kd.output());
        assertFalse(b.hasAddress("eth0", VIP), "keepalived took the VIP from a higher-priority DSAS master");
        vipAnswersFrom(a, c);
        ExecResult show = app.admin(c, "vrrp:show --json VI_1");
        assertTrue(show.out().contains("\"state\":\"MASTER\""), show.toString());

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
        Pair pair = keepalivedMasterDsasBackup(h, 3, "0.1");
        Proc kd = pair.keepalived();
        NetnsAppliance app = pair.dsas();
        assertFalse(a.hasAddress("eth0", VIP), "DSAS took the VIP from a higher-priority keepalived master");
        vipAnswersFrom(b, c);

        // keepalived is killed (no priority 0): DSAS takes over after 3 x 100 ms + skew.
        kd.kill();
        a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(3));
        vipAnswersFrom(a, c);
        ExecResult list = app.admin(c, "vrrp:list --json");
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
        Pair pair = keepalivedMasterDsasBackup(h, 2, "1");
        Proc kd = pair.keepalived();
        NetnsAppliance app = pair.dsas();
        assertFalse(a.hasAddress("eth0", VIP));
        kd.stop(); // SIGTERM: keepalived sends priority 0
        a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(3));
        vipAnswersFrom(a, c);
        ExecResult show = app.admin(c, "vrrp:show --json VI_1");
        assertTrue(show.out().contains("\"priorityZeroReceived\":1"), show.toString());
        app.stop();
    }

    static final String VIP6 = "fd00:db8:1::100";

    /** a = DSAS, b = keepalived, c = client; IPv4 and ULA IPv6 on one bridge. */
    private Host[] rig6() {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        return new Host[] {rig.host("a", lan, "192.0.2.1/24", "fd00:db8:1::1/64"),
            rig.host("b", lan, "192.0.2.2/24", "fd00:db8:1::2/64"), rig.host("c", lan, "192.0.2.3/24", "fd00:db8:1::3/64")};
    }

    /** DSAS with one IPv6 instance VI_6 (v3, VRID 61, 1 s) on a. */
    private static NetnsAppliance dsasV6(Host a, int priority) throws Exception {
        NetnsAppliance app = new NetnsAppliance(a).env("DSAS_ROLES", "vrrp");
        Files.writeString(app.home.resolve("etc/org.dsas.vrrp.instance-VI_6.cfg"), String.join("\n",
                "interface = eth0", "vrid = 61", "priority = " + priority, "version = 3", "advertInterval = 1",
                "virtualAddresses = " + VIP6 + "/64", "garpDelay = 0", ""));
        return app;
    }

    /** keepalived with the same IPv6 instance on b. */
    private static Keepalived keepalivedV6(Host b, int priority) {
        return Keepalived.on(b).instance("VI_6").virtualRouterId(61).version(3).priority(priority).vip(VIP6 + "/64")
                .privateTmp();
    }

    /** The VIP6 answers ping from c, and c's neighbour entry for it is the owner's MAC (unsolicited NAs). */
    private static void vip6AnswersFrom(Host owner, Host client) {
        String mac = owner.exec("cat", "/sys/class/net/eth0/address").out().trim();
        client.await("neighbour entry for " + VIP6 + " on " + client + " pointing at " + owner + " (" + mac + ")",
                Duration.ofSeconds(8), () -> client.exec("busybox", "ping", "-6", "-c", "1", "-W", "1", VIP6).exit() == 0
                        && client.exec("ip", "-6", "neigh", "show", VIP6).out().contains(mac));
    }

    @Test
    void ipv6V3DsasMasterKeepalivedBackupWithNeighbourAdverts() throws Exception {
        Host[] h = rig6();
        Host a = h[0];
        Host b = h[1];
        Host c = h[2];
        NetnsAppliance app = dsasV6(a, 150);
        app.start(c);
        a.awaitAddress("eth0", VIP6, true, Duration.ofSeconds(20));
        Keepalived k = keepalivedV6(b, 100);
        Proc kd = k.start();
        // IPv6 adverts come from the sender's link-local address: keepalived names DSAS's as its master router
        awaitKeepalivedBackupOf(k, kd, a.iface("eth0").linkLocal(), 150);
        assertFalse(kd.output().contains("Entering MASTER STATE"), kd.output());
        assertFalse(b.hasAddress("eth0", VIP6), "keepalived took the IPv6 VIP from a higher-priority DSAS master");
        vip6AnswersFrom(a, c);

        app.stop(); // priority 0: keepalived takes the address after skew time
        b.awaitAddress("eth0", VIP6, true, Duration.ofSeconds(5));
        assertFalse(a.hasAddress("eth0", VIP6), "the stopped DSAS kept the IPv6 VIP");
        kd.awaitOutput("Entering MASTER STATE", Duration.ofSeconds(2));
        vip6AnswersFrom(b, c);
    }

    @Test
    void ipv6V3KeepalivedMasterDsasBackupAndTheVipMovesWhenKeepalivedStops() throws Exception {
        Host[] h = rig6();
        Host a = h[0];
        Host b = h[1];
        Host c = h[2];
        Proc kd = keepalivedV6(b, 150).start();
        b.awaitAddress("eth0", VIP6, true, Duration.ofSeconds(10));
        NetnsAppliance app = dsasV6(a, 100);
        app.start(c);
        // DSAS hears keepalived's v3 adverts from b's link-local address and stays BACKUP
        String masterLinkLocal = b.iface("eth0").linkLocal();
        ExecResult show = awaitDsasBackupOf(app, c, "VI_6", masterLinkLocal, 150);
        assertEquals(0, counter(show, "advertsSent"), show.toString());
        assertFalse(a.hasAddress("eth0", VIP6), "DSAS took the IPv6 VIP from a higher-priority keepalived master");
        vip6AnswersFrom(b, c);

        kd.stop(); // keepalived's priority 0: DSAS takes over after its skew time
        a.awaitAddress("eth0", VIP6, true, Duration.ofSeconds(5));
        b.awaitAddress("eth0", VIP6, false, Duration.ofSeconds(5));
        vip6AnswersFrom(a, c);
        ExecResult after = app.admin(c, "vrrp:show --json VI_6");
        assertTrue(after.out().contains("\"state\":\"MASTER\""), after.toString());
        assertTrue(counter(after, "priorityZeroReceived") >= 1, after.toString());
        app.stop();
    }

    @Test
    void frozenMasterIsReplacedAndABadInstanceFileIsRejectedWithoutStoppingTheOthers() throws Exception {
        Host[] h = rig();
        Host a = h[0];
        Host b = h[1];
        Host c = h[2];
        Proc kd = keepalived(b, 150, 2, "1").start();
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(10));
        NetnsAppliance app = dsas(a, 100, 2, "1");
        app.start(c);
        awaitDsasBackupOf(app, c, "VI_1", "192.0.2.2", 150);
        // A second, broken instance file while VI_1 runs: one error line naming instance and key; VI_1 keeps running.
        Files.writeString(app.home.resolve("etc/org.dsas.vrrp.instance-VI_9.cfg"),
                "interface = eth0\nvrid = 300\nvirtualAddresses = 192.0.2.109/24\n");
        a.await("error line for VI_9", Duration.ofSeconds(15), () -> {
            try {
                return app.log().contains("vrrp[VI_9]: ") && app.log().contains("key 'vrid': '300' is not 1-255");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        ExecResult list = app.admin(c, "vrrp:list --json");
        assertTrue(list.out().contains("\"name\":\"VI_1\",\"state\":\"BACKUP\""), list.toString());
        ExecResult status = app.admin(c, "dsas:status");
        assertTrue(status.out().contains("key 'vrid': '300' is not 1-255"), "the rejected file is an alarm: " + status);

        // keepalived frozen (SIGSTOP, as a hung process): DSAS takes over after the master down interval.
        signalTree(kd, "STOP");
        try {
            a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(6));
            // The frozen master still has the address on its interface and its kernel still answers ARP:
            // the neighbours move to DSAS with the gratuitous ARPs (Linux ignores updates within 1 s of the
            // last one, hence the second burst after garpDelay).
            String macA = a.exec("cat", "/sys/class/net/eth0/address").out().trim();
            c.await("ARP for the VIP pointing at DSAS", Duration.ofSeconds(8), () -> {
                c.exec("busybox", "ping", "-c", "1", "-W", "1", VIP);
                return c.exec("ip", "neigh", "show", VIP).out().contains(macA);
            });
        } finally {
            signalTree(kd, "CONT");
        }
        // Resumed, keepalived (150) preempts again and DSAS releases the address.
        a.awaitAddress("eth0", VIP, false, Duration.ofSeconds(10));
        vipAnswersFrom(b, c);
        app.stop();
    }

    /** keepalived --vrrp runs a parent and a VRRP child: freeze or resume both. */
    private static void signalTree(Proc p, String signal) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("kill", "-" + signal, String.valueOf(p.pid())));
        p.handle().descendants().forEach(d -> cmd.add(String.valueOf(d.pid())));
        Process k = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertEquals(0, k.waitFor(), new String(k.getInputStream().readAllBytes()));
    }

    @Test
    void oneWayLossMakesTwoMastersAndDsasRaisesSplitBrainUntilItHeals() throws Exception {
        Host[] h = rig();
        Host a = h[0];
        Host b = h[1];
        Host c = h[2];
        NetnsAppliance app = dsas(a, 150, 2, "1");
        app.start(c);
        a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(20));
        // b stops hearing VRRP (a one-way failure): keepalived there becomes master too.
        for (String cmd : new String[] {"add table inet dsastest", "add chain inet dsastest in { type filter hook input priority 0; }",
            "add rule inet dsastest in ip protocol 112 drop"}) {
            ExecResult r = b.exec(java.util.List.of("nft", cmd).toArray(new String[0]));
            assertEquals(0, r.exit(), r.toString());
        }
        Keepalived k = keepalived(b, 100, 2, "1");
        Proc kd = k.start();
        kd.awaitOutput("Entering MASTER STATE", Duration.ofSeconds(10));
        a.await("split brain alarm", Duration.ofSeconds(10), () -> app.admin(c, "dsas:status").out().contains("SPLIT BRAIN on VI_1"));
        assertTrue(app.log().contains("vrrp[VI_1] SPLIT BRAIN: 192.0.2.2 (priority 100) advertises as master"), app.log());
        ExecResult list = app.admin(c, "vrrp:list");
        assertTrue(list.out().contains("SPLIT-BRAIN"), list.toString());

        // The link heals: keepalived hears the higher priority and steps down; the alarm clears.
        assertEquals(0, b.exec("nft", "delete table inet dsastest").exit());
        // (keepalived logged "Entering BACKUP STATE" at its start too: its state dump is what tells)
        awaitKeepalivedBackupOf(k, kd, "192.0.2.1", 150);
        b.awaitAddress("eth0", VIP, false, Duration.ofSeconds(5));
        a.await("split brain cleared", Duration.ofSeconds(10), () -> !app.admin(c, "dsas:status").out().contains("SPLIT BRAIN"));
        assertTrue(app.log().contains("vrrp[VI_1] split brain over"), app.log());
        app.stop();
    }

    @Test
    void virtualMacKeepsTheClientsArpEntryAcrossTakeovers() throws Exception {
        Host[] h = rig();
        Host a = h[0];
        Host b = h[1];
        Host c = h[2];
        NetnsAppliance app = dsas(a, 150, 2, "1");
        java.nio.file.Path vi1 = app.home.resolve("etc/org.dsas.vrrp.instance-VI_1.cfg");
        Files.writeString(vi1, Files.readString(vi1) + "useVmac = true\n");
        app.start(c);
        a.awaitAddress("vrrp.51", VIP, true, Duration.ofSeconds(20));
        String link = a.exec("ip", "-d", "link", "show", "vrrp.51").out();
        assertTrue(link.contains("00:00:5e:00:01:33") && link.contains("macvlan mode private"), link);
        assertFalse(a.hasAddress("eth0", VIP), "with use_vmac the address lives on the virtual-MAC interface");
        Keepalived k = keepalived(b, 100, 2, "1");
        Proc kd = k.start();
        awaitKeepalivedBackupOf(k, kd, "192.0.2.1", 150);
        ExecResult ping = c.exec("busybox", "ping", "-c", "1", "-W", "2", VIP);
        assertEquals(0, ping.exit(), ping.toString());
        String neigh = c.exec("ip", "neigh", "show", VIP).out();
        assertTrue(neigh.contains("00:00:5e:00:01:33"), "the client reaches the VIP at the virtual MAC: " + neigh);

        app.stop();
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(5));
        assertFalse(a.exec("ip", "link", "show", "vrrp.51").exit() == 0, "the stopped DSAS left its vrrp.51 behind");
    }

    @Test
    void unicastPeersAndV2PasswordInteroperate() throws Exception {
        Host[] h = rig();
        Host a = h[0];
        Host b = h[1];
        Host c = h[2];
        Proc kd = keepalived(b, 150, 2, "1").unicast("192.0.2.2", "192.0.2.1")
                .extra("authentication {").extra("  auth_type PASS").extra("  auth_pass s3cret").extra("}").start();
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(10));
        NetnsAppliance app = dsas(a, 100, 2, "1");
        java.nio.file.Path vi1 = app.home.resolve("etc/org.dsas.vrrp.instance-VI_1.cfg");
        Files.writeString(vi1, Files.readString(vi1) + "unicastPeers = 192.0.2.2\nauthPass = s3cret\n");
        app.start(c);
        // DSAS heard keepalived's unicast adverts (password and addresses matched, nothing dropped)
        ExecResult show = awaitDsasBackupOf(app, c, "VI_1", "192.0.2.2", 150);
        assertFalse(show.out().contains("\"drops"), "password and addresses matched, nothing dropped: " + show.out());
        assertFalse(a.hasAddress("eth0", VIP));

        kd.kill();
        a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(6));
        vipAnswersFrom(a, c);
        // keepalived, back with the same settings, hears DSAS's unicast adverts and preempts (150 > 100).
        Proc back = keepalived(b, 150, 2, "1").unicast("192.0.2.2", "192.0.2.1")
                .extra("authentication {").extra("  auth_type PASS").extra("  auth_pass s3cret").extra("}").start();
        back.awaitOutput("Entering MASTER STATE", Duration.ofSeconds(10));
        a.awaitAddress("eth0", VIP, false, Duration.ofSeconds(5));
        app.stop();
    }
    /** keepalived with unicast to DSAS and a v2 simple password. */
    private static Keepalived keepalivedUnicast(Host b, int priority, String password) {
        return keepalived(b, priority, 2, "1").unicast("192.0.2.2", "192.0.2.1").extra("authentication {")
                .extra("  auth_type PASS").extra("  auth_pass " + password).extra("}");
    }

    /**
     * keepalived ACCEPTS DSAS's unicast + password adverts: with priority 100 and preemption on, keepalived would be
     * master within its master down interval (3 x 1 s + skew 0.61 s) if it dropped them, as it does with a wrong
     * password (the control). With the right password its own state dump names DSAS as its master router for
     * longer than that interval, it never enters MASTER, and only when DSAS stops does it take the VIP.
     */
    @Test
    void keepalivedAcceptsDsasUnicastPasswordAdvertsAndStaysBackupUntilDsasStops() throws Exception {
        Host[] h = rig();
        Host a = h[0];
        Host b = h[1];
        Host c = h[2];
        NetnsAppliance app = dsas(a, 150, 2, "1");
        java.nio.file.Path vi1 = app.home.resolve("etc/org.dsas.vrrp.instance-VI_1.cfg");
        Files.writeString(vi1, Files.readString(vi1) + "unicastPeers = 192.0.2.2\nauthPass = s3cret\n");
        app.start(c);
        a.awaitAddress("eth0", VIP, true, Duration.ofSeconds(20));

        // The control: a keepalived with another password drops DSAS's adverts and becomes master next to it.
        Proc wrong = keepalivedUnicast(b, 100, "0ther").start();
        wrong.awaitOutput("Entering MASTER STATE", Duration.ofSeconds(10));
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(5));
        wrong.stop();
        b.awaitAddress("eth0", VIP, false, Duration.ofSeconds(5));

        Keepalived k = keepalivedUnicast(b, 100, "s3cret");
        Proc kd = k.start();
        awaitKeepalivedBackupOf(k, kd, "192.0.2.1", 150);
        // Stay with it for five more of DSAS's adverts (> keepalived's master down interval): still BACKUP of DSAS
        long sent = counter(app.admin(c, "vrrp:show --json VI_1"), "advertsSent");
        a.await("five more adverts from DSAS", Duration.ofSeconds(15),
                () -> counter(app.admin(c, "vrrp:show --json VI_1"), "advertsSent") >= sent + 5);
        String dump = awaitKeepalivedBackupOf(k, kd, "192.0.2.1", 150);
        assertFalse(kd.output().contains("Entering MASTER STATE"), kd.output() + "\n" + dump);
        assertFalse(b.hasAddress("eth0", VIP), "keepalived took the VIP from DSAS");
        vipAnswersFrom(a, c);

        // DSAS stops: keepalived takes over, so it was DSAS's adverts that held it back.
        app.stop();
        b.awaitAddress("eth0", VIP, true, Duration.ofSeconds(6));
        kd.awaitOutput("Entering MASTER STATE", Duration.ofSeconds(2));
        assertFalse(a.hasAddress("eth0", VIP), "the stopped DSAS kept the VIP");
        vipAnswersFrom(b, c);
    }
}
