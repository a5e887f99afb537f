package org.dsas.kernel.internal;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces joined by a veth pair, for real-kernel tests: A holds
 * 192.0.2.1/24 and fe80::a/64, B holds 192.0.2.2/24 and fe80::b/64 (TEST-NET-1
 * and link-local only; no automatic link-local, no DAD, so addresses are usable
 * at once). The veth is created inside A with its peer inside B, so nothing
 * touches the root namespace. Namespaces are deleted on close, and by a
 * shutdown hook if the test JVM dies first.
 */
final class NetnsPair implements AutoCloseable {

    static final String ADDRESS_A = "192.0.2.1";
    static final String ADDRESS_B = "192.0.2.2";
    static final String LINK_LOCAL_A = "fe80::a";
    static final String LINK_LOCAL_B = "fe80::b";

    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(NetnsPair::deleteNamespace)));
    }

    private final String nsA;
    private final String nsB;
    private final String ifA;
    private final String ifB;

    private NetnsPair(String id) {
        this.nsA = id + "-a";
        this.nsB = id + "-b";
        this.ifA = id + "a";
        this.ifB = id + "b";
    }

    static NetnsPair create() throws IOException {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        NetnsPair pair = new NetnsPair("dk" + HexFormat.of().formatHex(random));
        try {
            pair.setUp();
            return pair;
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    private void setUp() throws IOException {
        LIVE.add(nsA);
        Command.check("ip", "netns", "add", nsA);
        LIVE.add(nsB);
        Command.check("ip", "netns", "add", nsB);
        Command.check("ip", "-n", nsA, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", nsB);
        configure(nsA, ifA, ADDRESS_A, LINK_LOCAL_A);
        configure(nsB, ifB, ADDRESS_B, LINK_LOCAL_B);
        awaitCarrier(nsA, ifA);
        awaitCarrier(nsB, ifB);
    }

    private static void configure(String ns, String ifname, String ipv4, String linkLocal) throws IOException {
        Command.check("ip", "-n", ns, "link", "set", "lo", "up");
        Command.check("ip", "-n", ns, "link", "set", ifname, "addrgenmode", "none");
        Command.check("ip", "-n", ns, "link", "set", ifname, "up");
        Command.check("ip", "-n", ns, "addr", "add", ipv4 + "/24", "dev", ifname);
        Command.check("ip", "-n", ns, "addr", "add", linkLocal + "/64", "dev", ifname, "nodad");
    }

    private static void awaitCarrier(String ns, String ifname) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String link;
        do {
            link = Command.check("ip", "-n", ns, "-o", "link", "show", "dev", ifname);
            if (link.contains("LOWER_UP")) {
                return;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        throw new IOException(ifname + " in " + ns + " has no carrier: " + link);
    }

    String nsA() {
        return nsA;
    }

    String nsB() {
        return nsB;
    }

    String ifA() {
        return ifA;
    }

    String ifB() {
        return ifB;
    }

    /** {@code ip -n <ns> <args>}'s output. */
    String ip(String ns, String... args) throws IOException {
        String[] command = new String[args.length + 3];
        command[0] = "ip";
        command[1] = "-n";
        command[2] = ns;
        System.arraycopy(args, 0, command, 3, args.length);
        return Command.check(command);
    }

    /** Runs a command inside a namespace. */
    String exec(String ns, String... args) throws IOException {
        String[] command = new String[args.length + 4];
        command[0] = "ip";
        command[1] = "netns";
        command[2] = "exec";
        command[3] = ns;
        System.arraycopy(args, 0, command, 4, args.length);
        return Command.check(command);
    }

    /** The hardware address of an interface as {@code ip link} shows it, e.g. {@code 6e:1f:...}. */
    String mac(String ns, String ifname) throws IOException {
        Matcher m = Pattern.compile("link/ether ([0-9a-f:]{17})").matcher(ip(ns, "-o", "link", "show", "dev", ifname));
        if (!m.find()) {
            throw new IOException("no link/ether for " + ifname + " in " + ns);
        }
        return m.group(1);
    }

    /** The interface index as {@code ip link} shows it. */
    int index(String ns, String ifname) throws IOException {
        String link = ip(ns, "-o", "link", "show", "dev", ifname);
        return Integer.parseInt(link.substring(0, link.indexOf(':')));
    }

    @Override
    public void close() {
        deleteNamespace(nsA);
        deleteNamespace(nsB);
    }

    private static void deleteNamespace(String ns) {
        if (!LIVE.remove(ns)) {
            return;
        }
        try {
            Command.Result result = Command.run("ip", "netns", "del", ns);
            if (result.exitCode() != 0 && !result.stderr().contains("No such file")) {
                System.err.println("could not delete namespace " + ns + ": " + result.stderr().strip());
            }
        } catch (IOException e) {
            System.err.println("could not delete namespace " + ns + ": " + e.getMessage());
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
