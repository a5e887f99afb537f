package org.dsas.testsupport.netns;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A test host: one network namespace of the rig, with lo up and interfaces eth0, eth1, ... added by
 * {@link #attach(Bridge, String...)} and {@link NetnsRig#link}. It shares the file system, users and hostname
 * with the machine; only the network is its own. It has no route out of the rig.
 */
public final class Host {

    /** How long {@link #exec} waits by default before killing the command. */
    public static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);

    public final NetnsRig rig;
    /** The short name given to {@link NetnsRig#host(String)}. */
    public final String name;
    /** The network namespace's name ({@code ip netns exec <ns> ...}). */
    public final String ns;
    private final Map<String, Iface> ifaces = new LinkedHashMap<>();
    private boolean multicastRoute;

    Host(NetnsRig rig, String name, String ns) {
        this.rig = rig;
        this.name = name;
        this.ns = ns;
    }

    /** Connects this host to a bridge with a new interface (eth0, eth1, ...) carrying the given addresses. */
    public Iface attach(Bridge bridge, String... cidrs) {
        if (bridge.rig != rig) {
            throw new IllegalArgumentException(bridge + " belongs to another rig");
        }
        String dev = nextIface();
        String port = name + "-" + dev;
        NetnsRig.checkIfName(port);
        rig.ipRoot(List.of("-n", ns, "link", "add", dev, "type", "veth", "peer", "name", port, "netns", rig.switchNamespace()));
        rig.ipRoot(List.of("-n", rig.switchNamespace(), "link", "set", port, "master", bridge.device, "up"));
        Iface iface = addIface(dev, bridge + ", port " + port, cidrs);
        iface.bridged(bridge, port);
        return iface;
    }

    Iface addIface(String dev, String peer, String... cidrs) {
        Iface iface = new Iface(this, dev, peer);
        ifaces.put(dev, iface);
        ip(List.of("link", "set", dev, "up"));
        for (String c : cidrs) {
            iface.address(c);
        }
        if (!multicastRoute) {
            // Without a route a multicast sender gets "Network is unreachable": send multicast out of the first link.
            ip(List.of("route", "add", "224.0.0.0/4", "dev", dev));
            multicastRoute = true;
        }
        return iface;
    }

    String nextIface() {
        return "eth" + ifaces.size();
    }

    /** An interface by name ("eth0"). */
    public Iface iface(String dev) {
        Iface i = ifaces.get(dev);
        if (i == null) {
            throw new IllegalArgumentException(name + " has no interface " + dev + "; it has " + ifaces.keySet());
        }
        return i;
    }

    public List<Iface> ifaces() {
        return List.copyOf(ifaces.values());
    }

    /** The first IPv4 address given through the rig (eth0's, usually), without prefix length. */
    public String address() {
        return ifaces.values().stream().flatMap(i -> i.ipv4().stream()).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " has no IPv4 address"));
    }

    /** Runs a command in this host and waits for it (at most {@link #EXEC_TIMEOUT}). */
    public ExecResult exec(String... command) {
        return exec(EXEC_TIMEOUT, command);
    }

    public ExecResult exec(Duration timeout, String... command) {
        return exec(timeout, Arrays.asList(command));
    }

    public ExecResult exec(Duration timeout, List<String> command) {
        return Cmd.run(timeout, inNamespace(command));
    }

    /** Runs a shell script ({@code sh -c}) in this host. */
    public ExecResult sh(String script) {
        return exec("sh", "-c", script);
    }

    /** Starts a long-running command in this host; its output goes to a log file the rig keeps and dumps. */
    public Proc start(String label, String... command) {
        return start(label, Map.of(), null, Arrays.asList(command));
    }

    /**
     * Starts a long-running command in this host with extra environment variables ({@code null} value: removed)
     * and a working directory (null: the rig's directory).
     */
    public Proc start(String label, Map<String, String> env, Path workDir, List<String> command) {
        List<String> full = inNamespace(command);
        Path log = rig.newLog(name + "-" + label);
        ProcessBuilder pb = new ProcessBuilder(full)
                .directory((workDir == null ? rig.dir : workDir).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            Files.writeString(log, "# " + String.join(" ", full) + "\n");
            Proc p = new Proc(this, label, List.copyOf(full), log, pb.start());
            rig.register(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + full, e);
        }
    }

    List<String> inNamespace(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> full = new ArrayList<>(List.of(rig.ip, "netns", "exec", ns));
        String first = command.get(0);
        // ip execvp()s with our PATH, which may lack /usr/sbin: resolve the tool here.
        full.add(Cmd.which(first).map(Path::toString).orElse(first));
        full.addAll(command.subList(1, command.size()));
        return full;
    }

    /** {@code ip -n <ns> <args>}, throwing on failure. */
    ExecResult ip(List<String> args) {
        List<String> all = new ArrayList<>(List.of("-n", ns));
        all.addAll(args);
        return rig.ipRoot(all);
    }

    /** The addresses (IPv4 and IPv6, "addr/len") on a device now, as the kernel reports them. */
    public List<String> addresses(String dev) {
        ExecResult r = Cmd.run(EXEC_TIMEOUT, List.of(rig.ip, "-n", ns, "-o", "addr", "show", "dev", dev)).orThrow();
        List<String> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].equals("inet") || f[i].equals("inet6")) {
                    out.add(f[i + 1]);
                }
            }
        }
        return out;
    }

    /** Whether {@code dev} has {@code address} (with or without "/len") now. */
    public boolean hasAddress(String dev, String address) {
        String bare = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
        return addresses(dev).stream().anyMatch(a -> a.substring(0, a.indexOf('/')).equals(bare));
    }

    /** Waits until {@code dev} has (or, with present=false, no longer has) {@code address}. */
    public void awaitAddress(String dev, String address, boolean present, Duration timeout) {
        await(dev + (present ? " to have " : " to lose ") + address, timeout, () -> hasAddress(dev, address) == present);
    }

    /** Waits until something in this host listens on TCP {@code port} (checked with {@code ss}). */
    public void awaitTcpListen(int port, Duration timeout) {
        await("a TCP listener on port " + port, timeout,
                () -> !exec("ss", "-Hltn", "sport = :" + port).out().isBlank());
    }

    /** Polls every 100 ms; on timeout throws with what was awaited and this host's addresses and routes. */
    public void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": waiting for " + what + ": not within " + timeout.toMillis()
                        + " ms\n" + exec("ip", "-o", "addr").out() + exec("ip", "route").out());
            }
            Cmd.sleep(100);
        }
    }

    /** The pids of every process in this host's network namespace ({@code ip netns pids}). */
    public List<Long> pids() {
        return NetnsRig.pidsIn(rig.ip, ns);
    }

    @Override
    public String toString() {
        return "host " + name + " (" + ns + ")";
    }
}
