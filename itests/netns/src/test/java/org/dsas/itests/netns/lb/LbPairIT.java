package org.dsas.itests.netns.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.dsas.core.api.event.ServiceText;
import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.Cmd;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsAppliance;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.dsas.testsupport.netns.Peers;
import org.dsas.testsupport.netns.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's core scenario, whole: two built appliances with roles lb and vrrp (nftables dataplane, NAT
 * forwarding) in front of three busybox httpd real servers, a client outside. The outside VIP and the inside VIP
 * (the real servers' default gateway) are two VRRP instances in one sync group; both instances on both nodes track
 * the health checks' quorum of the virtual service ({@code trackQuorum} in the contract's text). Every step is seen
 * from outside: the client's HTTP answers, {@code ip addr} on each node, the client's neighbour entry for the VIP
 * (and a real server's for its gateway).
 *
 * <ol>
 * <li>traffic to the VIP is spread over the real servers (rr);</li>
 * <li>a dead real server is taken out by the checks of both nodes; traffic continues on the others;</li>
 * <li>an operator drain on both nodes (drains are per-node desired state): no request reaches the drained server
 * from here to the end, through every failover below;</li>
 * <li>the master's inside link is cut at the switch: its checks fail, its quorum is lost, both its instances go to
 * FAULT, the backup takes both VIPs and serves; restored, the master takes both back;</li>
 * <li>the master's JVM is frozen (SIGSTOP): the backup takes over; resumed (SIGCONT): two masters only briefly
 * (measured), the master holds the VIPs again, with the drain still in force;</li>
 * <li>the master is killed (SIGKILL): the backup takes over, and its own checks and dataplane serve (a real
 * server killed now is taken out by the backup's checks).</li>
 * </ol>
 */
class LbPairIT {

    static final String VIP = "192.0.2.100";
    static final String GATEWAY = "198.51.100.254";
    static final String S1 = "198.51.100.1";
    /** The service as the quorum contract writes it (core's ServiceText), the same text trackQuorum takes. */
    static final String SERVICE = ServiceText.parse("TCP:" + VIP + ":80").toString();
    static final String ADVERT = "0.3";
    static final Duration FAILOVER = Duration.ofSeconds(30);

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("ssh", "ssh-keygen", "nft", "busybox", "curl");

    private Host client;
    private Host a;
    private Host b;
    private Host[] servers;
    private Proc[] httpd;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private volatile String phase = "start";
    private volatile boolean recording;

    record Sample(long millis, String phase, String answer) {
        boolean ok() {
            return !answer.startsWith("ERR");
        }
    }

    @Test
    void pairServesThroughDeadServersLostQuorumFrozenAndKilledMaster() throws Exception {
        assertEquals("tcp:192.0.2.100:80", SERVICE);
        NetnsRig rig = NET.rig();
        Bridge front = rig.bridge("front");
        Bridge back = rig.bridge("back");
        client = rig.host("client", front, "192.0.2.1/24");
        a = rig.host("lba", front, "192.0.2.11/24");
        a.attach(back, "198.51.100.251/24");
        b = rig.host("lbb", front, "192.0.2.12/24");
        b.attach(back, "198.51.100.252/24");
        for (Host h : List.of(a, b)) {
            h.sh("echo 1 > /proc/sys/net/ipv4/ip_forward").orThrow();
        }
        servers = new Host[4];
        httpd = new Proc[4];
        for (int i = 1; i <= 3; i++) {
            servers[i] = rig.host("s" + i, back, "198.51.100." + i + "/24");
            servers[i].exec("ip", "route", "add", "default", "via", GATEWAY).orThrow();
            httpd[i] = Peers.httpServer(servers[i], 80, Map.of("name", "s" + i + "\n"));
        }
        NetnsAppliance appA = appliance(a, 150);
        NetnsAppliance appB = appliance(b, 100);
        CompletableFuture<NetnsAppliance> startB = CompletableFuture.supplyAsync(() -> appB.start(client));
        appA.start(client);
        startB.join();
        assertTrue(ok(appA.admin(client, "lb:backend")).contains("nftables"));

        // 0. A (150) is master of both VIPs, B (100) backup; the client reaches the VIP through A.
        activeOn(a, b, "start");
        awaitChecksUp(appA, 3);
        awaitChecksUp(appB, 3);

        // 1. Spread: rr over the three real servers.
        assertEquals(Map.of("s1", 2, "s2", 2, "s3", 2), requests(6));

        // 2. s3 dies: both nodes' checks take it out, and only the live servers answer, without errors.
        phase = "s3 killed";
        httpd[3].kill();
        awaitServedBy(Set.of("s1", "s2"), 6);
        assertEquals(Map.of("s1", 3, "s2", 3), requests(6));
        await(appB, "lb:list", out -> !out.contains("198.51.100.3:80"));
        httpd[3] = Peers.httpServer(servers[3], 80, Map.of("name", "s3\n"));
        awaitServedBy(Set.of("s1", "s2", "s3"), 6);
        await(appB, "lb:list", out -> out.contains("198.51.100.3:80"));

        // 3. Drain s1 on both nodes: a drain is per-node desired state (as ipvsadm), so a pair drains on both.
        ok(appA.admin(client, "lb:drain " + S1 + ":80"));
        ok(appB.admin(client, "lb:drain " + S1 + ":80"));
        awaitServedBy(Set.of("s2", "s3"), 6);
        Thread recorder = record();

        // 4. A's inside link is cut at the switch (A's eth1 stays up): A loses quorum -> FAULT; B takes both VIPs.
        phase = "inside link cut";
        long cut = System.nanoTime();
        a.iface("eth1").unplug();
        activeOn(b, a, phase);
        long cutOver = millisSince(cut);
        String states = ok(appA.admin(client, "vrrp:list --json"));
        assertEquals(2, count(states, "\"state\":\"FAULT\""), states);
        String log = appA.log();
        for (String instance : List.of("OUT", "IN")) {
            assertTrue(log.contains("vrrp[" + instance + "] MASTER -> FAULT: quorum lost on " + SERVICE), log);
        }
        assertServedBy(Set.of("s2", "s3"), 6);
        phase = "inside link restored";
        a.iface("eth1").plugIn();
        activeOn(a, b, phase);
        long aTookOver = System.nanoTime();
        assertServedBy(Set.of("s2", "s3"), 6);

        // 5. A frozen: B takes over. A resumed: two masters only until A's first adverts, then A again.
        // A settled master: its takeover's second gratuitous ARP burst (garpDelay 1 s) is out. Frozen before that,
        // the burst still pending would fire on SIGCONT and hide whether a resumed master announces itself.
        a.await("A master for longer than its garpDelay", FAILOVER, () -> millisSince(aTookOver) > 1500);
        phase = "master frozen";
        List<Long> jvm = tree(appA.process());
        long frozen = System.nanoTime();
        signal("STOP", jvm);
        awaitHolds(b);
        long freezeOver = millisSince(frozen);
        // A's kernel still holds the VIPs and forwards: the neighbours on both sides must have moved to B.
        awaitClientNeighbour(b);
        awaitGatewayNeighbour(b, FAILOVER);
        assertServedBy(Set.of("s2", "s3"), 6);
        phase = "master resumed";
        assertTrue(a.hasAddress("eth0", VIP) && b.hasAddress("eth0", VIP), "both hold the VIP while A is frozen");
        long resumed = System.nanoTime();
        signal("CONT", jvm);
        long twoMasters = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            boolean both = a.hasAddress("eth0", VIP) && b.hasAddress("eth0", VIP)
                    || a.hasAddress("eth1", GATEWAY) && b.hasAddress("eth1", GATEWAY);
            if (!both) {
                twoMasters = millisSince(resumed);
                break;
            }
        }
        assertTrue(twoMasters >= 0, "two masters for 20 s after SIGCONT");
        assertTrue(twoMasters < 5000, "two masters for " + twoMasters + " ms after SIGCONT (advert interval "
                + ADVERT + " s)");
        // Within 10 s: the neighbours' own re-resolution (a stale entry probed again) takes longer than that.
        activeOn(a, b, phase, Duration.ofSeconds(10));
        long resumeOver = millisSince(resumed);
        assertServedBy(Set.of("s2", "s3"), 6);
        String drained = ok(appA.admin(client, "lb:list --json"));
        assertTrue(drained.contains("\"server\":\"" + S1 + ":80\",\"forward\":\"Masq\",\"weight\":0"), drained);

        // 6. A killed: B takes over (A's kernel keeps the addresses it had: the neighbours move to B).
        phase = "master killed";
        long killed = System.nanoTime();
        appA.process().kill();
        awaitHolds(b);
        awaitClientNeighbour(b);
        awaitGatewayNeighbour(b, FAILOVER);
        long killOver = millisSince(killed);
        assertServedBy(Set.of("s2", "s3"), 6);
        // B's own checks and dataplane: s3 dies now, B takes it out, s2 serves alone.
        phase = "s3 killed behind B";
        httpd[3].kill();
        awaitServedBy(Set.of("s2"), 4);
        recording = false;
        recorder.join(10_000);

        // Through every failover, the drained server never answered.
        List<Sample> all = new ArrayList<>(samples);
        assertTrue(all.size() > 20, "the client kept asking: " + all.size() + " requests");
        assertTrue(all.stream().noneMatch(s -> s.answer().equals("s1")), "the drained s1 answered: " + all);
        assertTrue(all.stream().anyMatch(s -> s.answer().equals("s2")) && all.stream().anyMatch(s -> s.answer().equals("s3")),
                "the client's requests were spread over s2 and s3");
        String drainedOnB = ok(appB.admin(client, "lb:list --json"));
        assertTrue(drainedOnB.contains("\"server\":\"" + S1 + ":80\",\"forward\":\"Masq\",\"weight\":0"), drainedOnB);

        System.out.printf("LbPairIT figures: quorum loss takeover %d ms (cut -> B holds both VIPs, client's ARP"
                + " at B); frozen master takeover %d ms; two masters after SIGCONT %d ms (advert %s s); A active again"
                + " (VIPs, client's and s2's neighbour entries) %d ms after SIGCONT; kill takeover %d ms%n", cutOver,
                freezeOver, twoMasters, ADVERT, resumeOver, killOver);
        for (String p : all.stream().map(Sample::phase).distinct().toList()) {
            System.out.printf("LbPairIT client during '%s': %d requests, %d failed, longest outage %d ms%n", p,
                    all.stream().filter(s -> s.phase().equals(p)).count(),
                    all.stream().filter(s -> s.phase().equals(p) && !s.ok()).count(), longestOutage(all, p));
        }
        appB.stop();
    }

    // ------------------------------------------------------------------ the appliances

    private static NetnsAppliance appliance(Host box, int priority) throws Exception {
        NetnsAppliance app = new NetnsAppliance(box).env("DSAS_ROLES", "lb,vrrp");
        Files.writeString(app.home.resolve("etc/dsas-lb.rules"), "-A -t " + VIP + ":80 -s rr\n"
                + "-a -t " + VIP + ":80 -r 198.51.100.1:80 -m -w 1\n"
                + "-a -t " + VIP + ":80 -r 198.51.100.2:80 -m -w 1\n"
                + "-a -t " + VIP + ":80 -r 198.51.100.3:80 -m -w 1\n");
        StringBuilder checks = new StringBuilder("virtual_server " + VIP + " 80 {\n    delay_loop 1\n    quorum 1\n");
        for (int i = 1; i <= 3; i++) {
            String check = i == 3 ? "TCP_CHECK {" : "HTTP_GET {\n            url {\n                path /name\n"
                    + "                status_code 200\n            }";
            checks.append("    real_server 198.51.100.").append(i).append(" 80 {\n        ").append(check)
                    .append("\n            connect_timeout 1\n            retry 1\n            delay_before_retry 1\n"
                            + "        }\n    }\n");
        }
        checks.append("}\n");
        Files.writeString(app.home.resolve("etc/dsas-lb-checks.conf"), checks.toString());
        instance(app, "OUT", "eth0", 51, priority, VIP + "/24");
        instance(app, "IN", "eth1", 52, priority, GATEWAY + "/24");
        return app;
    }

    private static void instance(NetnsAppliance app, String name, String iface, int vrid, int priority, String vip)
            throws Exception {
        Files.writeString(app.home.resolve("etc/org.dsas.vrrp.instance-" + name + ".cfg"), String.join("\n",
                "interface = " + iface, "vrid = " + vrid, "version = 3", "priority = " + priority,
                "advertInterval = " + ADVERT, "virtualAddresses = " + vip, "syncGroup = LB",
                "trackQuorum = " + SERVICE, "garpDelay = 1", ""));
    }

    // ------------------------------------------------------------------ what is seen from outside

    /** master holds both VIPs and other neither; the client's neighbour for the VIP and s2's for its gateway are master's. */
    private void activeOn(Host master, Host other, String what) {
        activeOn(master, other, what, FAILOVER);
    }

    private void activeOn(Host master, Host other, String what, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        awaitHolds(master);
        master.await(what + ": " + other.name + " without the VIPs", left(deadline),
                () -> !other.hasAddress("eth0", VIP) && !other.hasAddress("eth1", GATEWAY));
        awaitClientNeighbour(master, left(deadline));
        awaitGatewayNeighbour(master, left(deadline));
    }

    /** s2's neighbour entry for its default gateway (the inside VIP) is owner's: replies route back through it. */
    private void awaitGatewayNeighbour(Host owner, Duration within) {
        String inside = owner.iface("eth1").mac();
        servers[2].await("s2's gateway " + GATEWAY + " at " + owner.name + " (" + inside + ")", within, () -> {
            request();
            return servers[2].exec("ip", "neigh", "show", GATEWAY).out().contains(inside);
        });
    }

    /** master holds both VIPs (nothing said about the other node). */
    private static void awaitHolds(Host master) {
        master.await(master.name + " holding " + VIP + " and " + GATEWAY, FAILOVER,
                () -> master.hasAddress("eth0", VIP) && master.hasAddress("eth1", GATEWAY));
    }

    private static Duration left(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private void awaitClientNeighbour(Host owner) {
        awaitClientNeighbour(owner, FAILOVER);
    }

    private void awaitClientNeighbour(Host owner, Duration within) {
        String mac = owner.iface("eth0").mac();
        client.await("the client's neighbour entry for " + VIP + " at " + owner.name + " (" + mac + ")", within,
                () -> {
                    request();
                    return client.exec("ip", "neigh", "show", VIP).out().contains(mac);
                });
    }

    /** One HTTP request to the VIP from the client: the real server's name, or ERR and why. */
    private String request() {
        ExecResult r = client.exec("curl", "-sS", "--noproxy", "*", "--max-time", "2", "http://" + VIP + "/name");
        return r.exit() == 0 ? r.out().trim() : "ERR " + r.exit() + " " + r.err().trim();
    }

    /** n requests, each must succeed: answers counted per real server. */
    private Map<String, Integer> requests(int n) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String answer = request();
            assertFalse(answer.startsWith("ERR"), answer);
            counts.merge(answer, 1, Integer::sum);
        }
        return counts;
    }

    /**
     * n requests, each must succeed and be answered by one of the given servers (the background client shares the
     * round robin, so the exact split of these n is not ours to predict).
     */
    private void assertServedBy(Set<String> names, int n) {
        for (int i = 0; i < n; i++) {
            String answer = request();
            assertTrue(names.contains(answer), "answered '" + answer + "', expected one of " + names);
        }
    }

    /** Waits until n requests in a row succeed, all answered by the given servers. */
    private void awaitServedBy(Set<String> names, int n) {
        int[] inRow = {0};
        client.await(n + " requests in a row answered by " + names, FAILOVER, () -> {
            String answer = request();
            inRow[0] = names.contains(answer) ? inRow[0] + 1 : 0;
            return inRow[0] >= n;
        });
    }

    /** A client that keeps asking, in the background, until recording stops; every answer is kept with its phase. */
    private Thread record() {
        recording = true;
        Thread t = new Thread(() -> {
            while (recording) {
                String p = phase;
                long started = System.nanoTime() / 1_000_000;
                samples.add(new Sample(started, p, request()));
                try {
                    Thread.sleep(50); // pacing of the client, not a wait for a state
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "pair-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The longest time from a failed request's start to the start of the next request that succeeded. */
    private static long longestOutage(List<Sample> all, String phase) {
        long longest = 0;
        Long since = null;
        for (Sample s : all) {
            if (!s.ok()) {
                if (since == null && s.phase().equals(phase)) {
                    since = s.millis();
                }
            } else if (since != null) {
                longest = Math.max(longest, s.millis() - since);
                since = null;
            }
        }
        return longest;
    }

    private void awaitChecksUp(NetnsAppliance app, int n) {
        await(app, "check:list --json", out -> count(out, "\"state\":\"UP\"") == n);
    }

    private String await(NetnsAppliance app, String command, Predicate<String> done) {
        String[] last = {""};
        client.await(command + " on " + app.host.name, Duration.ofSeconds(60), () -> {
            ExecResult r = app.admin(client, command);
            last[0] = r.out();
            return r.exit() == 0 && done.test(r.out());
        });
        return last[0];
    }

    // ------------------------------------------------------------------ processes

    /** The appliance's process and all its descendants (bin/karaf and the JVM). */
    private static List<Long> tree(Proc proc) {
        return Stream.concat(Stream.of(proc.handle()), proc.handle().descendants()).map(ProcessHandle::pid).toList();
    }

    private static void signal(String sig, List<Long> pids) {
        Cmd.run(Duration.ofSeconds(5), List.of(Cmd.tool("sh"), "-c", "kill -" + sig + " "
                + pids.stream().map(String::valueOf).collect(Collectors.joining(" ")))).orThrow();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String ok(ExecResult r) {
        assertEquals(0, r.exit(), r.toString());
        return r.out();
    }
}
