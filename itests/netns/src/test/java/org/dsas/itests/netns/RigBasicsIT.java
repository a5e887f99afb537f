package org.dsas.itests.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.Cmd;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.Iface;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.Proc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.dsas.testsupport.netns.NetnsRigExtension;

/** The rig itself: hosts on a bridge and on a cable, unicast, multicast, IPv6, names, and cleanup. */
class RigBasicsIT {

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("busybox", "socat");

    static Host a;
    static Host b;
    static Host c;

    @BeforeAll
    static void network() {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        a = rig.host("a", lan, "192.0.2.1/24", "fd00:db8:1::1/64");
        b = rig.host("b", lan, "192.0.2.2/24", "fd00:db8:1::2/64");
        c = rig.host("c");
        rig.link(a, "198.51.100.1/30", c, "198.51.100.2/30");
    }

    @Test
    void hostsOnTheBridgePingEachOther() {
        ExecResult ab = a.exec("busybox", "ping", "-c", "1", "-W", "2", "192.0.2.2");
        assertEquals(0, ab.exit(), ab.toString());
        ExecResult ba = b.exec("busybox", "ping", "-c", "1", "-W", "2", "192.0.2.1");
        assertEquals(0, ba.exit(), ba.toString());
    }

    @Test
    void aCableJoinsTwoHostsAndNothingElse() {
        ExecResult ca = c.exec("busybox", "ping", "-c", "1", "-W", "2", "198.51.100.1");
        assertEquals(0, ca.exit(), ca.toString());
        // c is not on the bridge: b is unreachable from it (no route at all)
        ExecResult cb = c.exec("busybox", "ping", "-c", "1", "-W", "1", "192.0.2.2");
        assertNotEquals(0, cb.exit(), cb.toString());
        assertEquals(List.of("eth0", "eth1"), a.ifaces().stream().map(i -> i.name).toList());
    }

    @Test
    void multicastCrossesTheBridge() {
        Proc receiver = b.start("mcast-recv", "socat", "-u",
                "UDP4-RECV:5000,reuseaddr,ip-add-membership=239.1.2.3:eth0", "STDOUT");
        String token = "dsas-mcast-" + System.nanoTime();
        receiver.await("the multicast datagram", Duration.ofSeconds(10), () -> {
            // resend until the receiver has joined the group and got one
            a.sh("echo " + token + " | socat -u STDIN UDP4-DATAGRAM:239.1.2.3:5000,ip-multicast-ttl=1");
            return receiver.output().contains(token);
        });
        receiver.stop();
    }

    @Test
    void ipv6LinkLocalAndUlaWork() {
        String ll = b.iface("eth0").linkLocal();
        assertTrue(ll.startsWith("fe80:"), ll);
        ExecResult linkLocal = a.exec("busybox", "ping", "-6", "-c", "1", "-W", "2", ll + "%eth0");
        assertEquals(0, linkLocal.exit(), linkLocal.toString());
        ExecResult ula = a.exec("busybox", "ping", "-6", "-c", "1", "-W", "2", "fd00:db8:1::2");
        assertEquals(0, ula.exit(), ula.toString());
    }

    @Test
    void onlyTestNetAddressesAreAccepted() {
        Iface eth0 = a.iface("eth0");
        assertThrows(IllegalArgumentException.class, () -> eth0.address("10.0.0.1/24"));
        assertThrows(IllegalArgumentException.class, () -> eth0.address("192.0.3.1/24"));
        assertTrue(NetnsRig.isTestNet("203.0.113.7"));
        assertFalse(eth0.has("10.0.0.1"));
    }

    @Test
    void twoRigsNeverShareNames() throws Exception {
        NetnsRig other = NET.newRig();
        assertNotEquals(NET.rig().id, other.id);
        Host x = other.host("a"); // the same host name in another rig
        assertNotEquals(a.ns, x.ns);
        assertTrue(a.ns.startsWith(NET.rig().id + "-") && x.ns.startsWith(other.id + "-"));
        other.close();
    }

    @Test
    void closeLeavesNoNamespaceLinkOrProcess() throws Exception {
        List<String> rootLinksBefore = rootLinks();
        NetnsRig rig = NetnsRig.create();
        Bridge lan = rig.bridge("lan");
        Host x = rig.host("x", lan, "192.0.2.11/24");
        Host y = rig.host("y", lan, "192.0.2.12/24");
        rig.link(x, "203.0.113.1/30", y, "203.0.113.2/30");
        Proc tree = x.start("tree", "sh", "-c", "sleep 600 & sleep 600 & wait");
        // a process that escapes the tree (re-parented away from us): only the namespace knows it
        y.sh("( sleep 600 > /dev/null 2>&1 < /dev/null & ) ; exit 0").orThrow();
        x.await("the tree's children", Duration.ofSeconds(5), () -> tree.handle().descendants().count() >= 2);
        y.await("the escaped process", Duration.ofSeconds(5), () -> !y.pids().isEmpty());
        Set<Long> pids = new HashSet<>(x.pids());
        pids.addAll(y.pids());
        tree.handle().descendants().forEach(h -> pids.add(h.pid()));
        assertTrue(pids.size() >= 4, "processes seen: " + pids);
        List<String> namespaces = rig.namespaces();
        assertEquals(3, namespaces.size(), namespaces.toString());
        assertTrue(NetnsRig.listNamespaces().containsAll(namespaces));

        rig.close();

        List<String> left = NetnsRig.listNamespaces().stream().filter(n -> n.startsWith(rig.id)).toList();
        assertEquals(List.of(), left, "namespaces left behind");
        List<Long> alive = pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))
                .filter(p -> !zombie(p)).toList();
        assertEquals(List.of(), alive, "processes left behind");
        List<String> rootLinksAfter = rootLinks();
        List<String> added = new ArrayList<>(rootLinksAfter);
        added.removeAll(rootLinksBefore);
        assertTrue(added.stream().noneMatch(l -> l.contains(rig.id) || l.startsWith("br-") || l.matches("[xy]-eth\\d.*")),
                "links in the root namespace: " + added);
        ExecResult all = Cmd.run(Duration.ofSeconds(10), List.of(Cmd.tool("ip"), "-o", "link"));
        assertFalse(all.out().contains(rig.id), all.out());
        assertFalse(rig.dir.toFile().exists() && !Boolean.getBoolean("dsas.keep"), "work directory left: " + rig.dir);
        rig.close(); // idempotent
    }

    @Test
    void aDeadRigsLeftoversAreSwept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        String ip = Cmd.tool("ip");
        String stale = NetnsRig.PREFIX + Long.toString(gone.pid(), 36) + "-zz-old";
        Cmd.run(Duration.ofSeconds(10), List.of(ip, "netns", "add", stale)).orThrow();
        Process orphan = new ProcessBuilder(ip, "netns", "exec", stale, Cmd.tool("sleep"), "600")
                .redirectOutput(new File("/dev/null")).redirectErrorStream(true).start();
        try {
            List<String> swept = NetnsRig.sweepStale();
            assertTrue(swept.contains(stale), "swept: " + swept);
            assertFalse(NetnsRig.listNamespaces().contains(stale));
            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "process in the stale namespace still running");
            // our own rig (live pid) is never swept
            assertTrue(NetnsRig.listNamespaces().contains(a.ns));
        } finally {
            orphan.destroyForcibly();
            Cmd.run(Duration.ofSeconds(10), List.of(ip, "netns", "del", stale));
        }
    }

    @Test
    void theShutdownHookCleansUpARigLeftOpen() throws Exception {
        String id = childJvm("exit", true);
        assertEquals(List.of(), namespacesOf(id), "a rig left open at JVM exit");
    }

    @Test
    void aRigOfAKilledJvmIsSweptByTheNextRig() throws Exception {
        String id = childJvm("hang", false); // SIGKILLed: no shutdown hook runs
        assertEquals(2, namespacesOf(id).size(), "the killed JVM's rig should still be there: " + NetnsRig.listNamespaces());
        NetnsRig.create().close(); // creating a rig sweeps
        assertEquals(List.of(), namespacesOf(id), "leftovers of a killed JVM");
    }

    /** Runs {@link RigInAnotherJvm}; waits for it to exit by itself or SIGKILLs it once its rig is up. */
    private static String childJvm(String mode, boolean exits) throws Exception {
        java.nio.file.Path out = java.nio.file.Files.createTempFile("dsas-rig-child-", ".out");
        try {
            Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RigInAnotherJvm.class.getName(), mode)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String id = null;
            while (id == null && System.nanoTime() < deadline) {
                for (String line : java.nio.file.Files.readAllLines(out)) {
                    if (line.startsWith("RIG ")) {
                        id = line.substring(4).trim();
                    }
                }
                if (id == null && !p.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
            if (id == null) {
                p.destroyForcibly();
                throw new AssertionError("child JVM made no rig: " + java.nio.file.Files.readString(out));
            }
            if (exits) {
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child JVM did not exit");
            } else {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            return id;
        } finally {
            java.nio.file.Files.deleteIfExists(out);
        }
    }

    private static List<String> namespacesOf(String id) {
        return NetnsRig.listNamespaces().stream().filter(n -> n.startsWith(id + "-")).toList();
    }

    private static List<String> rootLinks() {
        ExecResult r = Cmd.run(Duration.ofSeconds(10), List.of(Cmd.tool("ip"), "-o", "link")).orThrow();
        return r.out().lines().map(l -> l.split(":\\s+")[1]).toList();
    }

    private static boolean zombie(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return true; // gone
        }
    }
}
