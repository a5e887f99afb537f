package org.dsas.testsupport.netns;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throw-away network of test hosts, each a Linux network namespace, joined by veth pairs and bridges (the
 * bridges live in the rig's own "switch" namespace). Needs root.
 *
 * <pre>{@code
 * try (NetnsRig rig = NetnsRig.create()) {
 *     Bridge lan = rig.bridge("lan");
 *     Host a = rig.host("a");
 *     Host b = rig.host("b");
 *     a.attach(lan, "192.0.2.1/24");
 *     b.attach(lan, "192.0.2.2/24");
 *     b.exec("busybox", "ping", "-c1", "192.0.2.1").orThrow();
 * }
 * }</pre>
 *
 * <p>Names: every namespace is {@code dsas-rig-<pid>-<rr>-<name>} ({@link #id} = {@code dsas-rig-<pid>-<rr>}: the JVM's pid
 * and two random characters, base 36), so rigs of different test classes and JVMs never collide. Interfaces live
 * only inside the rig's namespaces (eth0, eth1, ... in hosts; {@code <host>-ethN} ports and {@code br-<name>}
 * bridges in the switch namespace): nothing is created in the root namespace, and deleting the namespaces deletes
 * every link.
 *
 * <p>Cleanup: {@link #close()} ends every process the rig started (the whole tree: SIGTERM, then SIGKILL), then
 * kills whatever else still runs in its namespaces and deletes them and its work directory. A JVM shutdown hook
 * closes rigs left open; {@link #create()} first sweeps namespaces and directories of rigs whose JVM died
 * (SIGKILL, a killed fork) without closing.
 *
 * <p>Traffic: hosts have no route out of the rig, and IPv4 addresses must be TEST-NET (192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24): anything else is refused.
 */
public final class NetnsRig implements AutoCloseable {

    /** Every namespace and work directory of a rig starts with this. */
    public static final String PREFIX = "dsas-rig-";
    private static final Pattern OURS = Pattern.compile("^" + PREFIX + "([0-9a-z]{1,8})-([0-9a-z]{2})(-.*)?$");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,7}");
    private static final Set<NetnsRig> OPEN = ConcurrentHashMap.newKeySet();
    private static final Set<String> IDS = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Only directories holding this file are ever swept. */
    private static final String MARKER = ".dsas-netns-rig";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (NetnsRig rig : OPEN) {
                try {
                    rig.close();
                } catch (Exception e) {
                    System.err.println("dsas netns rig " + rig.id + ": cleanup at JVM exit failed: " + e.getMessage());
                }
            }
        }, "dsas-netns-rig-cleanup"));
    }

    /** {@code dsas-rig-<pid>-<rr>}: the prefix of this rig's namespaces and the name of its work directory. */
    public final String id;
    /** Work directory: generated configurations, process logs, appliance copies. */
    public final Path dir;
    final String ip;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, Bridge> bridges = new LinkedHashMap<>();
    private final List<Proc> procs = new ArrayList<>();
    private final Map<String, Path> extraLogs = new LinkedHashMap<>();
    private String switchNs;
    private boolean closed;

    private NetnsRig() throws IOException {
        ip = Cmd.tool("ip");
        String pid = Long.toString(ProcessHandle.current().pid(), 36);
        String candidate;
        do {
            candidate = PREFIX + pid + "-" + Integer.toString(36 + RANDOM.nextInt(36 * 36 - 36), 36);
        } while (!IDS.add(candidate));
        id = candidate;
        dir = Files.createDirectories(baseDir().resolve(id));
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve(MARKER), "work directory of a dsas netns rig, JVM pid " + ProcessHandle.current().pid() + "\n");
        OPEN.add(this);
    }

    /** Sweeps leftovers of dead rigs, then makes a new, empty rig. */
    public static NetnsRig create() throws IOException {
        sweepStale();
        return new NetnsRig();
    }

    static Path baseDir() {
        return Path.of(System.getProperty("dsas.netns.dir", System.getProperty("java.io.tmpdir")));
    }

    /** Adds a host: a new namespace {@code <id>-<name>} with lo up. Names: a lowercase letter then up to 7 [a-z0-9]. */
    public synchronized Host host(String name) {
        checkOpen();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("host name must match " + NAME + ": " + name);
        }
        if (hosts.containsKey(name) || name.equals("sw")) {
            throw new IllegalArgumentException("host name already used: " + name);
        }
        String ns = id + "-" + name;
        ipRoot(List.of("netns", "add", ns));
        Host h = new Host(this, name, ns);
        hosts.put(name, h);
        h.ip(List.of("link", "set", "lo", "up"));
        // No duplicate address detection: IPv6 addresses (link-local too) are usable at once.
        Cmd.run(Host.EXEC_TIMEOUT, h.inNamespace(List.of("sh", "-c",
                "for f in /proc/sys/net/ipv6/conf/all/accept_dad /proc/sys/net/ipv6/conf/default/accept_dad;"
                        + " do [ -w $f ] && echo 0 > $f; done; true")));
        return h;
    }

    public synchronized Host host(String name, Bridge bridge, String... cidrs) {
        Host h = host(name);
        h.attach(bridge, cidrs);
        return h;
    }

    /** Adds a bridge {@code br-<name>} to the switch namespace (made on first use). Names: up to 8 [a-z0-9]. */
    public synchronized Bridge bridge(String name) {
        checkOpen();
        if (!NAME.matcher(name).matches() || bridges.containsKey(name)) {
            throw new IllegalArgumentException("bridge name must be new and match " + NAME + ": " + name);
        }
        String sw = switchNamespace();
        String dev = "br-" + name;
        checkIfName(dev);
        ipRoot(List.of("-n", sw, "link", "add", dev, "type", "bridge", "stp_state", "0", "forward_delay", "0",
                "mcast_snooping", "0"));
        ipRoot(List.of("-n", sw, "link", "set", dev, "up"));
        Bridge b = new Bridge(this, name, dev);
        bridges.put(name, b);
        return b;
    }

    /** A point-to-point cable: a veth pair between two hosts (next free ethN on each side). */
    public synchronized Iface[] link(Host a, String cidrA, Host b, String cidrB) {
        checkOpen();
        if (a == b) {
            throw new IllegalArgumentException("cannot link a host to itself");
        }
        String devA = a.nextIface();
        String devB = b.nextIface();
        ipRoot(List.of("-n", a.ns, "link", "add", devA, "type", "veth", "peer", "name", devB, "netns", b.ns));
        Iface ia = a.addIface(devA, b.name + ":" + devB, cidrA == null ? new String[0] : new String[] {cidrA});
        Iface ib = b.addIface(devB, a.name + ":" + devA, cidrB == null ? new String[0] : new String[] {cidrB});
        return new Iface[] {ia, ib};
    }

    /** A host made earlier, by name. */
    public synchronized Optional<Host> find(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    public synchronized List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    public synchronized List<Proc> processes() {
        return List.copyOf(procs);
    }

    /** Every namespace of this rig: the hosts' and, if a bridge was made, the switch's. */
    public synchronized List<String> namespaces() {
        List<String> all = new ArrayList<>();
        hosts.values().forEach(h -> all.add(h.ns));
        if (switchNs != null) {
            all.add(switchNs);
        }
        return all;
    }

    synchronized String switchNamespace() {
        if (switchNs == null) {
            String ns = id + "-sw";
            ipRoot(List.of("netns", "add", ns));
            switchNs = ns;
            // A switch, not a host: no IPv6 on the bridge and ports, so it never sends anything itself.
            Cmd.run(Host.EXEC_TIMEOUT, List.of(ip, "netns", "exec", ns, Cmd.tool("sh"), "-c",
                    "for f in /proc/sys/net/ipv6/conf/all/disable_ipv6 /proc/sys/net/ipv6/conf/default/disable_ipv6;"
                            + " do [ -w $f ] && echo 1 > $f; done; true"));
        }
        return switchNs;
    }

    /** Adds a file (e.g. an appliance's karaf.log) to the logs dumped by {@link #dumpLogs}. */
    public synchronized void addLog(String label, Path file) {
        extraLogs.put(label, file);
    }

    synchronized Path newLog(String label) {
        String base = label.replaceAll("[^A-Za-z0-9._-]", "_");
        Path p = dir.resolve("logs").resolve(base + ".log");
        for (int n = 2; Files.exists(p); n++) {
            p = dir.resolve("logs").resolve(base + "-" + n + ".log");
        }
        return p;
    }

    synchronized void register(Proc p) {
        if (closed) {
            p.kill();
            throw new IllegalStateException("rig " + id + " is closed");
        }
        procs.add(p);
    }

    /** A new private directory inside the rig's work directory. */
    public Path newDir(String label) throws IOException {
        String base = label.replaceAll("[^A-Za-z0-9._-]", "_");
        synchronized (this) {
            Path p = dir.resolve(base);
            for (int n = 2; Files.exists(p); n++) {
                p = dir.resolve(base + "-" + n);
            }
            return Files.createDirectories(p);
        }
    }

    /**
     * Prints the last {@code maxBytesPerLog} bytes of every log: each started process's output and the files
     * added with {@link #addLog}.
     */
    public synchronized void dumpLogs(PrintStream out, int maxBytesPerLog) {
        out.println("===== dsas netns rig " + id + ": logs (" + dir + ") =====");
        for (Proc p : procs) {
            dumpOne(out, p + (p.isAlive() ? ", running" : ", exited") + ": " + String.join(" ", p.command), p.log,
                    maxBytesPerLog);
        }
        extraLogs.forEach((label, file) -> dumpOne(out, label, file, maxBytesPerLog));
        out.println("===== end of rig " + id + " logs =====");
        out.flush();
    }

    private static void dumpOne(PrintStream out, String title, Path file, int max) {
        out.println("----- " + title + " (" + file + ") -----");
        if (!Files.exists(file)) {
            out.println("(no such file)");
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - max);
            if (from > 0) {
                out.println("[... " + from + " bytes cut ...]");
            }
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            out.println(new String(b, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            out.println("(cannot read: " + e + ")");
        }
    }

    /**
     * Ends every process started through the rig (whole trees: SIGTERM, up to 10 s, SIGKILL), SIGKILLs whatever
     * else runs in the rig's namespaces, deletes the namespaces (and so every veth and bridge) and the work
     * directory (kept with {@code -Ddsas.keep=true}). Idempotent. Throws after doing all that if something
     * could not be removed.
     */
    @Override
    public void close() {
        List<String> namespaces;
        List<Proc> started;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            namespaces = namespaces();
            started = List.copyOf(procs);
        }
        List<String> problems = new ArrayList<>();
        stopAll(started);
        for (String ns : namespaces) {
            killAllIn(ip, ns);
        }
        // Hosts first, the switch (bridges, ports) last.
        for (String ns : namespaces) {
            ExecResult r = Cmd.run(Duration.ofSeconds(30), List.of(ip, "netns", "del", ns));
            if (!r.ok() && namespaceExists(ip, ns)) {
                problems.add(r.toString());
            }
        }
        if (!Boolean.getBoolean("dsas.keep")) {
            Cmd.deleteTree(dir);
        }
        OPEN.remove(this);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("rig " + id + " not fully cleaned up: " + problems);
        }
    }

    private static void stopAll(List<Proc> started) {
        List<ProcessHandle> all = new ArrayList<>();
        for (Proc p : started) {
            ProcessHandle h = p.handle();
            all.add(h);
            h.descendants().forEach(all::add);
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (ProcessHandle h : all) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                Cmd.sleep(50);
            }
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                Cmd.killTree(h, Duration.ZERO);
            }
        }
    }

    /** SIGKILLs every process in a namespace and waits (up to 10 s) for them to go. */
    static void killAllIn(String ip, String ns) {
        for (int round = 0; round < 3; round++) {
            List<Long> pids = pidsIn(ip, ns);
            if (pids.isEmpty()) {
                return;
            }
            List<ProcessHandle> hs = pids.stream().flatMap(p -> ProcessHandle.of(p).stream()).toList();
            hs.forEach(h -> Cmd.killTree(h, Duration.ZERO));
        }
    }

    static List<Long> pidsIn(String ip, String ns) {
        ExecResult r = Cmd.run(Duration.ofSeconds(10), List.of(ip, "netns", "pids", ns));
        List<Long> pids = new ArrayList<>();
        for (String s : r.out().split("\\s+")) {
            if (!s.isBlank()) {
                pids.add(Long.parseLong(s.trim()));
            }
        }
        return pids;
    }

    /** The names in {@code ip netns list}. */
    public static List<String> listNamespaces() {
        ExecResult r = Cmd.run(Duration.ofSeconds(10), List.of(Cmd.tool("ip"), "netns", "list")).orThrow();
        List<String> names = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                names.add(line.trim().split("\\s+")[0]);
            }
        }
        return names;
    }

    static boolean namespaceExists(String ip, String ns) {
        return listNamespaces().contains(ns);
    }

    /**
     * Removes namespaces and work directories of rigs whose JVM is gone: the pid in the name is not running, or
     * is a newer process that reused the pid. Returns the namespaces removed.
     */
    public static synchronized List<String> sweepStale() {
        String ip = Cmd.tool("ip");
        List<String> swept = new ArrayList<>();
        for (String ns : listNamespaces()) {
            Matcher m = OURS.matcher(ns);
            if (m.matches() && !ownerAlive(m.group(1), created(Path.of("/run/netns", ns)))) {
                killAllIn(ip, ns);
                if (Cmd.run(Duration.ofSeconds(30), List.of(ip, "netns", "del", ns)).ok()) {
                    swept.add(ns);
                }
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(baseDir(), PREFIX + "*")) {
            for (Path d : ds) {
                Matcher m = OURS.matcher(d.getFileName().toString());
                if (m.matches() && m.group(3) == null && Files.isRegularFile(d.resolve(MARKER))
                        && !ownerAlive(m.group(1), created(d))) {
                    Cmd.deleteTree(d);
                }
            }
        } catch (IOException e) {
            // nothing to sweep
        }
        return swept;
    }

    private static Optional<Instant> created(Path p) {
        try {
            FileTime t = Files.getLastModifiedTime(p);
            return Optional.of(t.toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean ownerAlive(String pid36, Optional<Instant> createdAt) {
        long pid;
        try {
            pid = Long.parseLong(pid36, 36);
        } catch (NumberFormatException e) {
            return false;
        }
        if (pid == ProcessHandle.current().pid()) {
            return true;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        // A process started after the namespace was made is not its owner (pid reuse).
        Optional<Instant> started = h.get().info().startInstant();
        return started.isEmpty() || createdAt.isEmpty() || !started.get().isAfter(createdAt.get().plusSeconds(1));
    }

    /** Runs {@code ip <args>} in the root namespace's view (with -n for a namespace), throwing on failure. */
    ExecResult ipRoot(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ip);
        cmd.addAll(args);
        return Cmd.run(Duration.ofSeconds(30), cmd).orThrow();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("rig " + id + " is closed");
        }
    }

    static void checkIfName(String dev) {
        if (dev.length() > 15) {
            throw new IllegalArgumentException("interface name longer than 15 characters: " + dev);
        }
    }

    /** Refuses an IPv4 address outside TEST-NET-1/2/3 (RFC 5737): the rig never uses real addresses. */
    public static void requireTestNet(String address) {
        if (!isTestNet(address)) {
            throw new IllegalArgumentException(address + " is not a TEST-NET address (192.0.2.0/24, 198.51.100.0/24,"
                    + " 203.0.113.0/24); the rig uses no other IPv4 addresses");
        }
    }

    /** True for a dotted-quad IPv4 address in TEST-NET-1, -2 or -3 (never resolves names). */
    public static boolean isTestNet(String address) {
        Matcher m = IPV4.matcher(address);
        if (!m.matches()) {
            return false;
        }
        int d = Integer.parseInt(m.group(4));
        if (d > 255) {
            return false;
        }
        String net = m.group(1) + "." + m.group(2) + "." + m.group(3);
        return net.equals("192.0.2") || net.equals("198.51.100") || net.equals("203.0.113");
    }

    @Override
    public String toString() {
        return "netns rig " + id + " " + namespaces();
    }
}
