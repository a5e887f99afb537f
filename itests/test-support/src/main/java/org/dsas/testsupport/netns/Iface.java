package org.dsas.testsupport.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A network interface of a {@link Host}: one end of a veth pair, named eth0, eth1, ... inside the host. */
public final class Iface {

    public final Host host;
    public final String name;
    /** What the other end is: a bridge port ("bridge lan, port a-eth0 in dsas-...-sw") or a peer host's interface. */
    public final String peer;
    private final List<String> cidrs = new ArrayList<>();
    private Bridge bridge;
    private String bridgePort;

    Iface(Host host, String name, String peer) {
        this.host = host;
        this.name = name;
        this.peer = peer;
    }

    /**
     * Adds an address: IPv4 ("192.0.2.1/24") or IPv6 ("fd00:db8:1::1/64", added with nodad so it is usable at
     * once). Only TEST-NET IPv4 addresses (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) are accepted.
     */
    public Iface address(String cidr) {
        if (!cidr.contains("/")) {
            throw new IllegalArgumentException("address needs a prefix length: " + cidr);
        }
        boolean v6 = cidr.contains(":");
        if (!v6) {
            NetnsRig.requireTestNet(cidr.substring(0, cidr.indexOf('/')));
        }
        List<String> cmd = new ArrayList<>(List.of("addr", "add", cidr, "dev", name));
        if (v6) {
            cmd.add("nodad");
        }
        host.ip(cmd);
        cidrs.add(cidr);
        return this;
    }

    void bridged(Bridge b, String port) {
        bridge = b;
        bridgePort = port;
    }

    /**
     * Pulls the cable out at the switch: the bridge port leaves the bridge, so nothing passes either way, while this
     * end stays up with its carrier (the host sees no link-down event, as when a switch or a cable further away
     * fails). {@link #plugIn()} puts it back.
     */
    public void unplug() {
        setMaster(false);
    }

    public void plugIn() {
        setMaster(true);
    }

    private void setMaster(boolean on) {
        if (bridge == null) {
            throw new IllegalStateException(this + " is not on a bridge");
        }
        host.rig.ipRoot(on ? List.of("-n", host.rig.switchNamespace(), "link", "set", bridgePort, "master", bridge.device)
                : List.of("-n", host.rig.switchNamespace(), "link", "set", bridgePort, "nomaster"));
    }

    /** The addresses given to this interface through the rig, with prefix length. */
    public List<String> cidrs() {
        return List.copyOf(cidrs);
    }

    /** The first IPv4 address given through the rig, without prefix length. */
    public Optional<String> ipv4() {
        return cidrs.stream().filter(c -> !c.contains(":")).map(c -> c.substring(0, c.indexOf('/'))).findFirst();
    }

    /** The addresses the kernel has on this interface now, as "addr/len", IPv4 and IPv6 (link-local included). */
    public List<String> addresses() {
        return host.addresses(name);
    }

    public boolean has(String address) {
        return host.hasAddress(name, address);
    }

    /** The kernel's IPv6 link-local address (fe80::...), waiting up to 5 s for it to be assigned. */
    public String linkLocal() {
        String[] found = new String[1];
        host.await("an IPv6 link-local address on " + name, Duration.ofSeconds(5), () -> {
            ExecResult r = host.exec("ip", "-o", "-6", "addr", "show", "dev", name, "scope", "link");
            for (String line : r.out().split("\n")) {
                String[] f = line.trim().split("\\s+");
                for (int i = 0; i + 1 < f.length; i++) {
                    if (f[i].equals("inet6") && !line.contains("tentative")) {
                        found[0] = f[i + 1].substring(0, f[i + 1].indexOf('/'));
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    public String mac() {
        return host.exec("cat", "/sys/class/net/" + name + "/address").orThrow().out().trim();
    }

    @Override
    public String toString() {
        return host.name + ":" + name + cidrs + " <-> " + peer;
    }
}
