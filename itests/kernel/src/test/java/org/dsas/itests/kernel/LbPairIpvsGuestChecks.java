package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The pair scenario over IPVS, run INSIDE the guest by {@link LbPairIpvsIT} after it has built
 * {@link LbPairIpvsIT#TOPOLOGY}, loaded ip_vs and started both appliances ({@code bin/dsas-run server} in the
 * namespaces lba and lbb, priorities 150 and 100); never on the host. Everything is seen from outside the
 * appliances: the client's curl answers and its neighbour entry for the VIP, {@code ip addr}, {@code ipvsadm -Ln}
 * and the IPVS connection entries ({@code ipvsadm -Lnc}: which load balancer scheduled each request) in each load
 * balancer's namespace, s2's neighbour entry for its gateway, and the appliances' own {@code lb:backend} and
 * {@code vrrp:list --json} over SSH from the client. Every wait is a poll with a deadline.
 */
class LbPairIpvsGuestChecks {

    static final String VIP = LbPairIpvsIT.VIP;
    static final String GATEWAY = LbPairIpvsIT.GATEWAY;
    static final String SERVICE = LbPairIpvsIT.SERVICE;
    /** Both appliances ready (SSH, backend, IPVS table, VRRP states) within this, from the checks' start. */
    static final Duration READY = Duration.ofSeconds(540);
    private static final long T0 = System.nanoTime();
    static final Duration FAILOVER = Duration.ofSeconds(60);

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private volatile String phase = "start";
    private volatile boolean recording;

    record Sample(long millis, String phase, String answer) {
        boolean ok() {
            return !answer.startsWith("ERR");
        }
    }

    @Test
    void pairOverIpvs() throws Exception {
        assumeTrue(GuestSideChecks.inGuest(), "only meaningful inside the guest");

        // 0. Both appliances up (SSH from the client), backend ipvs picked by themselves, each namespace's own IPVS
        // table holding the service with both real servers (their checks are up), lba master of both VIPs.
        long readyA = awaitReady("lba", "192.0.2.11");
        progress("lba SSH-ready");
        long readyB = awaitReady("lbb", "192.0.2.12");
        progress("lbb SSH-ready");
        System.out.printf("LbPairIpvsIT ready: lba SSH role:list %d ms after its start, lbb %d ms (guest uptime %s)%n",
                readyA, readyB, Files.readString(Path.of("/proc/uptime")).trim());
        for (String[] lb : List.of(new String[] {"lba", "192.0.2.11"}, new String[] {"lbb", "192.0.2.12"})) {
            String backend = ssh(lb[1], "lb:backend");
            assertTrue(backend.contains("ipvs"), lb[0] + " lb:backend: " + backend);
            await(lb[0] + "'s IPVS table holds the service with both real servers", left(T0 + READY.toNanos()), 1000,
                    () -> {
                String t = sh(lb[0], "ipvsadm", "-Ln");
                return Pattern.compile("(?m)^TCP\\s+" + Pattern.quote(VIP) + ":80 rr").matcher(t).find()
                        && Pattern.compile("-> 198\\.51\\.100\\.1:80\\s+Masq\\s+1 ").matcher(t).find()
                        && Pattern.compile("-> 198\\.51\\.100\\.2:80\\s+Masq\\s+1 ").matcher(t).find();
            });
        }
        progress("both IPVS tables hold the service");
        activeOn("lba", "lbb", "start", left(T0 + READY.toNanos()));
        awaitSsh("192.0.2.12", "vrrp:list --json", out -> count(out, "\"state\":\"BACKUP\"") == 2);
        progress("lba master, lbb backup");

        // 1. Spread: rr over both real servers, through lba's IPVS (its counters move, lbb's do not).
        Set<String> a0 = connections("lba");
        Set<String> b0 = connections("lbb");
        assertEquals(Map.of("s1", 2, "s2", 2), requests(4));
        assertEquals(4, added("lba", a0), () -> sh("lba", "ipvsadm", "-Lnc"));
        assertEquals(0, added("lbb", b0), () -> sh("lbb", "ipvsadm", "-Lnc"));
        Thread recorder = record();

        // 2. lba's inside link cut at the bridge (its eth1 stays up): its checks fail, quorum lost, both instances
        // FAULT; lbb holds both VIPs and serves through its own IPVS table.
        phase = "inside link cut";
        long cut = System.nanoTime();
        root("ip", "link", "set", "lba-b", "nomaster");
        activeOn("lbb", "lba", phase, FAILOVER);
        long cutOver = millisSince(cut);
        progress("lbb active after the cut");
        String states = awaitSsh("192.0.2.11", "vrrp:list --json", out -> count(out, "\"state\":\"FAULT\"") == 2);
        String log = Files.readString(Path.of("/tmp/lba/data/log/karaf.log"));
        for (String instance : List.of("OUT", "IN")) {
            assertTrue(log.contains("vrrp[" + instance + "] MASTER -> FAULT: quorum lost on " + SERVICE),
                    instance + " not faulted by quorum; vrrp:list: " + states);
        }
        a0 = connections("lba");
        b0 = connections("lbb");
        assertServedBy(Set.of("s1", "s2"), 4);
        assertTrue(added("lbb", b0) >= 4, () -> sh("lbb", "ipvsadm", "-Lnc"));
        assertEquals(0, added("lba", a0), () -> sh("lba", "ipvsadm", "-Lnc"));

        // 3. The link back: lba's checks and quorum recover, it preempts (150 > 100) and serves again.
        phase = "inside link restored";
        long restored = System.nanoTime();
        root("ip", "link", "set", "lba-b", "master", "br-back");
        activeOn("lba", "lbb", phase, FAILOVER);
        long restoreOver = millisSince(restored);
        progress("lba active again");
        a0 = connections("lba");
        assertServedBy(Set.of("s1", "s2"), 4);
        assertTrue(added("lba", a0) >= 4, () -> sh("lba", "ipvsadm", "-Lnc"));

        // 4. lba's JVM killed (SIGKILL to everything in its namespace: launcher, karaf, java). Its kernel keeps the
        // VIPs and its IPVS table, so the neighbours must move: the client's for the VIP, s2's for its gateway.
        phase = "master killed";
        String pids = root("ip", "netns", "pids", "lba").trim();
        assertFalse(pids.isEmpty(), "no process in lba");
        long killed = System.nanoTime();
        root("sh", "-c", "kill -KILL " + pids.replace('\n', ' '));
        awaitHolds("lbb");
        awaitClientNeighbour("lbb", FAILOVER);
        awaitGatewayNeighbour("lbb", FAILOVER);
        long killOver = millisSince(killed);
        progress("lbb active after the kill");
        await("lba's JVM gone", FAILOVER, () -> root("ip", "netns", "pids", "lba").isBlank());
        b0 = connections("lbb");
        a0 = connections("lba");
        assertServedBy(Set.of("s1", "s2"), 4);
        assertTrue(added("lbb", b0) >= 4, () -> sh("lbb", "ipvsadm", "-Lnc"));
        assertEquals(0, added("lba", a0), () -> sh("lba", "ipvsadm", "-Lnc"));
        recording = false;
        recorder.join(20_000);

        List<Sample> all = new ArrayList<>(samples);
        assertTrue(all.size() > 10, "the client kept asking: " + all.size() + " requests");
        assertTrue(all.stream().anyMatch(s -> s.answer().equals("s1")) && all.stream().anyMatch(s -> s.answer().equals("s2")),
                "the background client's requests were spread over s1 and s2");
        System.out.printf("LbPairIpvsIT figures: quorum loss takeover %d ms (cut -> lbb holds both VIPs, client's and"
                + " s2's neighbour entries at lbb); lba back %d ms after the link; kill takeover %d ms%n",
                cutOver, restoreOver, killOver);
        for (String p : all.stream().map(Sample::phase).distinct().toList()) {
            System.out.printf("LbPairIpvsIT client during '%s': %d requests, %d failed, longest outage %d ms%n", p,
                    all.stream().filter(s -> s.phase().equals(p)).count(),
                    all.stream().filter(s -> s.phase().equals(p) && !s.ok()).count(), longestOutage(all, p));
        }
    }

    // ------------------------------------------------------------------ readiness

    private static void progress(String what) {
        try {
            System.out.println("[lbpair] " + Files.readString(Path.of("/proc/uptime")).split(" ")[0] + " s: " + what);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Milliseconds from the appliance's start (the file /tmp/<lb>.started) until role:list works over SSH. */
    private static long awaitReady(String lb, String address) throws Exception {
        long started = Long.parseLong(Files.readString(Path.of("/tmp/" + lb + ".started")).trim()) / 1_000_000;
        await(lb + " listening on " + address + ":8101", left(T0 + READY.toNanos()), 1000,
                () -> sh(lb, "ss", "-Hltn", "src", address + ":8101").contains(":8101"));
        progress(lb + " listening on 8101");
        await(lb + " answering role:list over SSH", left(T0 + READY.toNanos()), 2000, () -> {
            Exec r = exec(List.of("ip", "netns", "exec", "client", "ssh", "-F", "/dev/null", "-i", key(), "-p",
                    "8101", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o",
                    "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=20", "-o", "LogLevel=ERROR",
                    "admin@" + address, "role:list"), Duration.ofSeconds(120));
            return r.exit == 0 && r.out.contains("base");
        });
        return System.currentTimeMillis() - started;
    }

    private static String key() {
        return System.getenv("LBPAIR_KEY");
    }

    /** One command over SSH from the client; must succeed. */
    private static String ssh(String address, String command) {
        Exec r = exec(List.of("ip", "netns", "exec", "client", "ssh", "-F", "/dev/null", "-i", key(), "-p", "8101",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o",
                "IdentitiesOnly=yes", "-o", "ConnectTimeout=20", "-o", "LogLevel=ERROR", "admin@" + address, command),
                Duration.ofSeconds(120));
        assertEquals(0, r.exit, () -> address + " " + command + ": " + r);
        return r.out.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
    }

    private static String awaitSsh(String address, String command, Predicate<String> done) {
        String[] last = {""};
        try {
            await(command + " on " + address, FAILOVER, () -> {
                last[0] = ssh(address, command);
                return done.test(last[0]);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
        }
        return last[0];
    }

    // ------------------------------------------------------------------ what is seen from outside

    /** master holds both VIPs, other neither; the client's neighbour for the VIP and s2's for its gateway: master. */
    private void activeOn(String master, String other, String what, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        awaitHolds(master);
        await(what + ": " + other + " without the VIPs", left(deadline),
                () -> !hasAddress(other, "eth0", VIP) && !hasAddress(other, "eth1", GATEWAY));
        awaitClientNeighbour(master, left(deadline));
        awaitGatewayNeighbour(master, left(deadline));
    }

    private static void awaitHolds(String lb) {
        await(lb + " holding " + VIP + " and " + GATEWAY, FAILOVER,
                () -> hasAddress(lb, "eth0", VIP) && hasAddress(lb, "eth1", GATEWAY));
    }

    private static boolean hasAddress(String ns, String dev, String address) {
        return sh(ns, "ip", "-o", "-4", "addr", "show", "dev", dev).contains(" " + address + "/");
    }

    private static String mac(String ns, String dev) {
        Matcher m = Pattern.compile("link/ether ([0-9a-f:]{17})").matcher(sh(ns, "ip", "-o", "link", "show", dev));
        assertTrue(m.find(), ns + " " + dev + " has no MAC");
        return m.group(1);
    }

    private void awaitClientNeighbour(String owner, Duration within) {
        String mac = mac(owner, "eth0");
        await("the client's neighbour entry for " + VIP + " at " + owner + " (" + mac + ")", within, () -> {
            request();
            return sh("client", "ip", "neigh", "show", VIP).contains(mac);
        });
    }

    /** s2's neighbour entry for its default gateway (the inside VIP) is owner's: replies go back through it. */
    private void awaitGatewayNeighbour(String owner, Duration within) {
        String mac = mac(owner, "eth1");
        await("s2's gateway " + GATEWAY + " at " + owner + " (" + mac + ")", within, () -> {
            request();
            return sh("s2", "ip", "neigh", "show", GATEWAY).contains(mac);
        });
    }

    /**
     * The namespace's IPVS connection entries for the VIP (ipvsadm -Lnc), as "client address:port -> real server":
     * an entry exists from the connection's first packet on (the --stats totals lag: the kernel's estimator folds
     * them in every 2 s). Entries expire (TIME_WAIT 2 min), so only what is added between two readings counts.
     */
    private static Set<String> connections(String lb) {
        Set<String> entries = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^TCP\\s+\\S+\\s+\\S+\\s+(\\S+)\\s+" + Pattern.quote(VIP) + ":80\\s+(\\S+)")
                .matcher(sh(lb, "ipvsadm", "-Lnc"));
        while (m.find()) {
            entries.add(m.group(1) + " -> " + m.group(2));
        }
        return entries;
    }

    /** How many connection entries the namespace's IPVS has now that were not in {@code before}. */
    private static int added(String lb, Set<String> before) {
        Set<String> now = connections(lb);
        now.removeAll(before);
        return now.size();
    }

    /** One HTTP request to the VIP from the client: the real server's name, or ERR and why. */
    private static String request() {
        Exec r = exec(List.of("ip", "netns", "exec", "client", "curl", "-sS", "--noproxy", "*", "--max-time", "3",
                "http://" + VIP + "/name"), Duration.ofSeconds(20));
        return r.exit == 0 ? r.out.trim() : "ERR " + r.exit + " " + r.err.trim();
    }

    private static Map<String, Integer> requests(int n) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String answer = request();
            assertFalse(answer.startsWith("ERR"), answer);
            counts.merge(answer, 1, Integer::sum);
        }
        return counts;
    }

    private static void assertServedBy(Set<String> names, int n) {
        for (int i = 0; i < n; i++) {
            String answer = request();
            assertTrue(names.contains(answer), "answered '" + answer + "', expected one of " + names);
        }
    }

    /** A client that keeps asking in the background until recording stops; every answer kept with its phase. */
    private Thread record() {
        recording = true;
        Thread t = new Thread(() -> {
            while (recording) {
                String p = phase;
                long started = System.nanoTime() / 1_000_000;
                samples.add(new Sample(started, p, request()));
                try {
                    Thread.sleep(200); // pacing of the client, not a wait for a state
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "pair-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

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

    // ------------------------------------------------------------------ processes

    record Exec(int exit, String out, String err) {
    }

    /** Runs a command, killed by coreutils timeout after {@code timeout} (exit 124 or 137 then). */
    private static Exec exec(List<String> command, Duration timeout) {
        List<String> bounded = new ArrayList<>(List.of("timeout", "-k", "5", timeout.toSeconds() + "s"));
        bounded.addAll(command);
        try {
            Path err = Files.createTempFile("lbpair", ".err");
            try {
                Process p = new ProcessBuilder(bounded).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectError(err.toFile()).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(timeout.toSeconds() + 10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Exec(-1, new String(out, StandardCharsets.UTF_8), "timed out: " + command);
                }
                return new Exec(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A command in a namespace of the guest; its stdout (must succeed). */
    private static String sh(String ns, String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(command));
        Exec r = exec(c, Duration.ofSeconds(60));
        assertEquals(0, r.exit, () -> String.join(" ", c) + ": " + r);
        return r.out;
    }

    /** A command in the guest's own namespace (the bridges, ip netns); its stdout (must succeed). */
    private static String root(String... command) {
        Exec r = exec(List.of(command), Duration.ofSeconds(60));
        assertEquals(0, r.exit, () -> String.join(" ", command) + ": " + r);
        return r.out;
    }

    /** Polls the condition until it holds or the time is up (then fails naming what was awaited). */
    private static void await(String what, Duration within, BooleanSupplier condition) {
        await(what, within, 200, condition);
    }

    private static void await(String what, Duration within, long pollMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(pollMillis); // polling interval (every poll forks processes in a slow guest)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Duration left(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
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
}
