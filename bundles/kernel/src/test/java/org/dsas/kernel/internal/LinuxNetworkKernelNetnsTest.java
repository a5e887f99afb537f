package org.dsas.kernel.internal;

import static org.dsas.kernel.internal.NetnsPair.ADDRESS_A;
import static org.dsas.kernel.internal.NetnsPair.ADDRESS_B;
import static org.dsas.kernel.internal.NetnsPair.LINK_LOCAL_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JNA kernel layer against the real kernel: two namespaces joined by a
 * veth, the code under test running inside them in {@link KernelProbe} JVMs.
 * Needs root and iproute2 (see {@link RealKernel}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LinuxNetworkKernelNetnsTest {

    private static final String VRRP_GROUP_V4 = "224.0.0.18";
    private static final String VRRP_GROUP_V6 = "ff02::12";
    /** A VRRPv3 advertisement body: version 3 type 1, VRID 51, priority 100, one address, 1 s, no checksum. */
    private static final String PAYLOAD = "31336401" + "00640000" + "c0000264";
    private static final String VIP = "192.0.2.100";
    private static final String MACVLAN = "mv0";
    /** The VRRP virtual router MAC of IPv4 VRID 51 (00-00-5E-00-01-{VRID}, RFC 5798). */
    private static final String VMAC = "00:00:5e:00:01:33";

    private static NetnsPair net;
    private static ProbeProcess probeA;
    private static ProbeProcess probeB;

    @BeforeAll
    static void namespaces() throws IOException {
        RealKernel.requireRootAndIp();
        net = NetnsPair.create();
        probeA = ProbeProcess.asRoot(net.nsA());
        probeB = ProbeProcess.asRoot(net.nsB());
    }

    @AfterAll
    static void deleteNamespaces() {
        if (probeA != null) {
            probeA.close();
        }
        if (probeB != null) {
            probeB.close();
        }
        if (net != null) {
            net.close();
        }
    }

    @Test
    void ipv4VrrpMulticastArrivesWithSourceTtl255AndPayload() throws Exception {
        ok(probeB.call("raw-open in 112 " + net.ifB() + " v4 255"));
        ok(probeB.call("raw-join in " + VRRP_GROUP_V4));
        ok(probeA.call("raw-open out 112 " + net.ifA() + " v4 255"));
        ok(probeA.call("raw-open own 112 " + net.ifA() + " v4 255"));
        ok(probeA.call("raw-join own " + VRRP_GROUP_V4));
        try {
            Packet packet = sendUntilReceived("out", VRRP_GROUP_V4, "in");

            assertEquals(InetAddress.getByName(ADDRESS_A), packet.source());
            assertEquals(InetAddress.getByName(VRRP_GROUP_V4), packet.destination());
            assertEquals(255, packet.ttl());
            assertEquals(PAYLOAD, packet.payload());
            assertEquals("TIMEOUT", probeA.call("raw-recv own 300"), "multicast loopback must be off");
        } finally {
            probeA.call("raw-close out");
            probeA.call("raw-close own");
            probeB.call("raw-close in");
        }
    }

    @Test
    void ipv6VrrpMulticastArrivesBetweenLinkLocalsWithHopLimit255() throws Exception {
        ok(probeB.call("raw-open in6 112 " + net.ifB() + " v6 255"));
        ok(probeB.call("raw-join in6 " + VRRP_GROUP_V6));
        ok(probeA.call("raw-open out6 112 " + net.ifA() + " v6 255"));
        ok(probeA.call("raw-open own6 112 " + net.ifA() + " v6 255"));
        ok(probeA.call("raw-join own6 " + VRRP_GROUP_V6));
        try {
            Packet packet = sendUntilReceived("out6", VRRP_GROUP_V6, "in6");

            assertEquals(InetAddress.getByName(LINK_LOCAL_A), packet.source());
            assertEquals(net.index(net.nsB(), net.ifB()), ((Inet6Address) packet.source()).getScopeId(),
                    "a link-local source is scoped to the receiving interface, so a reply can go back");
            assertEquals(InetAddress.getByName(VRRP_GROUP_V6), packet.destination());
            assertEquals(255, packet.ttl());
            assertEquals(PAYLOAD, packet.payload());
            assertEquals("TIMEOUT", probeA.call("raw-recv own6 300"), "multicast loopback must be off");
        } finally {
            probeA.call("raw-close out6");
            probeA.call("raw-close own6");
            probeB.call("raw-close in6");
        }
    }

    @Test
    void ipv4UnicastGoesOutWithTheSocketTtl() throws Exception {
        ok(probeB.call("raw-open uin 112 " + net.ifB() + " v4 255"));
        ok(probeA.call("raw-open uout 112 " + net.ifA() + " v4 64"));
        try {
            Packet packet = sendUntilReceived("uout", ADDRESS_B, "uin");

            assertEquals(InetAddress.getByName(ADDRESS_A), packet.source());
            assertEquals(InetAddress.getByName(ADDRESS_B), packet.destination());
            assertEquals(64, packet.ttl());
            assertEquals(PAYLOAD, packet.payload());
        } finally {
            probeA.call("raw-close uout");
            probeB.call("raw-close uin");
        }
    }

    @Test
    void closeWakesABlockedReceiver() throws Exception {
        ok(probeB.call("raw-open blocked 112 " + net.ifB() + " v4 255"));

        String answer = probeB.call("raw-close-while-receiving blocked");

        Matcher m = Pattern.compile("OK (\\d+) ms: (.*)").matcher(answer);
        assertTrue(m.matches(), answer);
        assertTrue(Long.parseLong(m.group(1)) < 2_000, "receiver returned " + m.group(1) + " ms after close");
        assertTrue(m.group(2).endsWith("socket closed"), answer);
    }

    @Test
    void interfaceIndexMacFlagsAndAddressesMatchIp() throws Exception {
        String answer = probeA.call("iface " + net.ifA());

        String[] fields = answer.split(" ");
        assertEquals("OK", fields[0], answer);
        assertEquals(net.index(net.nsA(), net.ifA()), Integer.parseInt(fields[1]));
        assertEquals(net.mac(net.nsA(), net.ifA()).replace(":", ""), fields[2]);
        assertEquals("true", fields[3], "up");
        assertEquals("true", fields[4], "running");
        assertEquals(ipAddresses(net.nsA(), net.ifA()),
                normalized(Arrays.copyOfRange(fields, 5, fields.length)));
    }

    @Test
    void missingInterfaceIsEnodevNamingIt() throws Exception {
        assertEquals("ERROR read interface dkmissing0: ENODEV (No such device)", probeA.call("iface dkmissing0"));
        assertEquals("ERROR open raw IP socket protocol 112 on dkmissing0: ENODEV (No such device)",
                probeA.call("raw-open x 112 dkmissing0 v4 255"));
        assertEquals("ERROR add address 192.0.2.100/24 on dkmissing0: ENODEV (No such device)",
                probeA.call("addr-add dkmissing0 " + VIP + " 24"));
    }

    @Test
    void ipv4AddressIsAddedListedAndDeletedAsIpShowsIt() throws Exception {
        String ifA = net.ifA();
        try {
            ok(probeA.call("addr-add " + ifA + " " + VIP + " 24"));

            Set<String> shown = ipAddresses(net.nsA(), ifA);
            assertTrue(shown.contains(normalize(VIP + "/24")), shown.toString());
            assertEquals(shown, listed(ifA));
            String twice = probeA.call("addr-add " + ifA + " " + VIP + " 24");
            assertTrue(twice.startsWith("ERROR add address 192.0.2.100/24 on " + ifA + ": EEXIST (File exists"),
                    twice);

            ok(probeA.call("addr-del " + ifA + " " + VIP + " 24"));

            assertFalse(ipAddresses(net.nsA(), ifA).contains(VIP + "/24"));
            assertEquals(ipAddresses(net.nsA(), ifA), listed(ifA));
            String again = probeA.call("addr-del " + ifA + " " + VIP + " 24");
            assertTrue(again.startsWith("ERROR delete address 192.0.2.100/24 on " + ifA + ": "), again);
            assertTrue(again.contains("EADDRNOTAVAIL") || again.contains("ENOENT"), again);
        } finally {
            Command.run("ip", "-n", net.nsA(), "addr", "del", VIP + "/24", "dev", ifA);
        }
    }

    @Test
    void linkLocalIpv6AddressIsAddedAndDeleted() throws Exception {
        String ifA = net.ifA();
        try {
            ok(probeA.call("addr-add " + ifA + " fe80::100 64"));

            assertTrue(ipAddresses(net.nsA(), ifA).contains(normalize("fe80::100/64")));
            assertEquals(ipAddresses(net.nsA(), ifA), listed(ifA));
            String twice = probeA.call("addr-add " + ifA + " fe80::100 64");
            assertTrue(twice.startsWith("ERROR add address fe80::100/64 on " + ifA + ": EEXIST (File exists"), twice);

            ok(probeA.call("addr-del " + ifA + " fe80::100 64"));

            assertFalse(ipAddresses(net.nsA(), ifA).contains(normalize("fe80::100/64")));
            String again = probeA.call("addr-del " + ifA + " fe80::100 64");
            assertTrue(again.contains("EADDRNOTAVAIL") || again.contains("ENOENT"), again);
        } finally {
            Command.run("ip", "-n", net.nsA(), "addr", "del", "fe80::100/64", "dev", ifA);
        }
    }

    @Test
    void macvlanIsCreatedPrivateAndUpWithItsMacThenDeleted() throws Exception {
        String ifA = net.ifA();
        try {
            ok(probeA.call("macvlan-add " + ifA + " " + MACVLAN + " " + VMAC.replace(":", "")));

            String shown = net.exec(net.nsA(), "ip", "-d", "link", "show", MACVLAN);
            assertTrue(shown.contains(MACVLAN + "@" + ifA + ":"), shown);
            assertTrue(Pattern.compile("<[^>]*\\bUP\\b[^>]*>").matcher(shown).find(), "up: " + shown);
            assertTrue(shown.contains("link/ether " + VMAC + " "), shown);
            assertTrue(shown.contains("macvlan mode private "), shown);

            String twice = probeA.call("macvlan-add " + ifA + " " + MACVLAN + " " + VMAC.replace(":", ""));
            assertTrue(twice.startsWith("ERROR create macvlan " + MACVLAN + " on " + ifA + ": EEXIST (File exists"),
                    twice);

            ok(probeA.call("link-del " + MACVLAN));

            assertFalse(linkExists(net.nsA(), MACVLAN), MACVLAN + " still there after deleteLink");
            String again = probeA.call("link-del " + MACVLAN);
            assertTrue(again.startsWith("ERROR delete link " + MACVLAN + ": ENODEV (No such device"), again);
        } finally {
            Command.run("ip", "-n", net.nsA(), "link", "del", MACVLAN);
        }
    }

    @Test
    void macvlanOnAMissingParentIsEnodevNamingBoth() throws Exception {
        try {
            assertEquals("ERROR create macvlan " + MACVLAN + "x on dkmissing0: ENODEV (No such device)",
                    probeA.call("macvlan-add dkmissing0 " + MACVLAN + "x " + VMAC.replace(":", "")));
            assertFalse(linkExists(net.nsA(), MACVLAN + "x"));
        } finally {
            Command.run("ip", "-n", net.nsA(), "link", "del", MACVLAN + "x");
        }
    }

    @Test
    void ipv4SysctlIsWrittenAndAnUnknownKeyNamesThePath() throws Exception {
        String ifA = net.ifA();
        String sysctl = "net.ipv4.conf." + ifA + ".arp_ignore";
        try {
            ok(probeA.call("sysctl-v4 " + ifA + " arp_ignore 1"));

            assertEquals("1", net.exec(net.nsA(), "sysctl", "-n", sysctl).strip());
            String conf = "/proc/sys/net/ipv4/conf/" + ifA + "/";
            assertEquals("ERROR write 1 to " + conf + "dk_no_such_key: ENOENT (No such file or directory)",
                    probeA.call("sysctl-v4 " + ifA + " dk_no_such_key 1"));
            assertEquals("ERROR write x to " + conf + "arp_ignore: EINVAL (Invalid argument)",
                    probeA.call("sysctl-v4 " + ifA + " arp_ignore x"));
            assertEquals("1", net.exec(net.nsA(), "sysctl", "-n", sysctl).strip());
        } finally {
            net.exec(net.nsA(), "sysctl", "-q", "-w", sysctl + "=0");
        }
    }

    @Test
    void gratuitousArpFromAEntersBsNeighbourTable() throws Exception {
        String macA = net.mac(net.nsA(), net.ifA());
        net.exec(net.nsB(), "sysctl", "-q", "-w", "net.ipv4.conf." + net.ifB() + ".arp_accept=1");
        try {
            assertFalse(net.ip(net.nsB(), "neigh", "show", "to", VIP, "dev", net.ifB()).contains(macA),
                    "B knows " + VIP + " before the gratuitous ARP");
            ok(probeA.call("packet-open garp " + net.ifA()));
            try {
                ok(probeA.call("packet-send garp " + Bytes.hex(gratuitousArp(macA, VIP))));
            } finally {
                probeA.call("packet-close garp");
            }

            String neighbour = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < deadline) {
                neighbour = net.ip(net.nsB(), "neigh", "show", "to", VIP, "dev", net.ifB());
                if (neighbour.contains("lladdr " + macA)) {
                    return;
                }
                NetnsPair.sleep(50);
            }
            fail("B's neighbour table has no " + VIP + " lladdr " + macA + ": '" + neighbour.strip() + "'");
        } finally {
            Command.run("ip", "-n", net.nsB(), "neigh", "del", VIP, "dev", net.ifB());
            net.exec(net.nsB(), "sysctl", "-q", "-w", "net.ipv4.conf." + net.ifB() + ".arp_accept=0");
        }
    }

    @Test
    void unprivilegedCallsFailWithEpermNamingTheOperation() throws Exception {
        String ifA = net.ifA();
        try (ProbeProcess nobody = ProbeProcess.asNobody(net.nsA())) {
            assertEquals("ERROR open raw IP socket protocol 112 on " + ifA + ": EPERM (Operation not permitted)",
                    nobody.call("raw-open r 112 " + ifA + " v4 255"));
            assertEquals("ERROR open raw IPv6 socket protocol 112 on " + ifA + ": EPERM (Operation not permitted)",
                    nobody.call("raw-open r 112 " + ifA + " v6 255"));
            assertEquals("ERROR open packet socket on " + ifA + ": EPERM (Operation not permitted)",
                    nobody.call("packet-open p " + ifA));
            assertEquals("ERROR add address 192.0.2.100/24 on " + ifA + ": EPERM (Operation not permitted)",
                    nobody.call("addr-add " + ifA + " " + VIP + " 24"));
            assertEquals("ERROR create macvlan " + MACVLAN + "n on " + ifA + ": EPERM (Operation not permitted)",
                    nobody.call("macvlan-add " + ifA + " " + MACVLAN + "n " + VMAC.replace(":", "")));
            assertEquals("ERROR write 1 to /proc/sys/net/ipv4/conf/" + ifA
                    + "/arp_ignore: EACCES (Permission denied)", nobody.call("sysctl-v4 " + ifA + " arp_ignore 1"));
            assertTrue(nobody.call("iface " + ifA).startsWith("OK "), "reading needs no privilege");
        }
        assertFalse(ipAddresses(net.nsA(), ifA).contains(VIP + "/24"));
        assertFalse(linkExists(net.nsA(), MACVLAN + "n"));
    }

    // ---- helpers

    private record Packet(InetAddress source, InetAddress destination, int ttl, String payload) {
    }

    /** Sends the payload until the receiver has it (a few tries, in case the first is lost to a slow start). */
    private static Packet sendUntilReceived(String sender, String destination, String receiver) throws IOException {
        String answer = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            ok(probeA.call("raw-send " + sender + " " + destination + " " + PAYLOAD));
            answer = probeB.call("raw-recv " + receiver + " 2000");
            if (answer.startsWith("PACKET ")) {
                String[] f = answer.split(" ");
                return new Packet(InetAddress.getByName(f[1]), InetAddress.getByName(f[2]), Integer.parseInt(f[3]),
                        f[4]);
            }
        }
        throw new AssertionError("nothing received on " + receiver + ": " + answer);
    }

    /** Broadcast ARP request with sender = target = the address, from {@code mac}; padded to 60 bytes. */
    private static byte[] gratuitousArp(String mac, String address) throws IOException {
        byte[] hw = Bytes.hex(mac.replace(":", ""));
        byte[] ip = InetAddress.getByName(address).getAddress();
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(60);
        frame.put(Bytes.hex("ffffffffffff")).put(hw).putShort((short) 0x0806);
        frame.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        frame.put(hw).put(ip).put(new byte[6]).put(ip);
        return frame.array();
    }

    private static boolean linkExists(String ns, String ifname) throws IOException {
        return Command.run("ip", "-n", ns, "link", "show", "dev", ifname).exitCode() == 0;
    }

    private static Set<String> listed(String ifname) throws IOException {
        String answer = probeA.call("addrs " + ifname);
        assertTrue(answer.startsWith("OK"), answer);
        return normalized(answer.substring(2).trim().split(" "));
    }

    /** The addresses {@code ip -o addr show dev X} lists, normalized. */
    private static Set<String> ipAddresses(String ns, String ifname) throws IOException {
        Matcher m = Pattern.compile("\\binet6? (\\S+)").matcher(net.ip(ns, "-o", "addr", "show", "dev", ifname));
        Set<String> addresses = new TreeSet<>();
        while (m.find()) {
            addresses.add(normalize(m.group(1)));
        }
        return addresses;
    }

    private static Set<String> normalized(String[] addresses) throws IOException {
        Set<String> set = new TreeSet<>();
        for (String a : addresses) {
            if (!a.isEmpty()) {
                set.add(normalize(a));
            }
        }
        return set;
    }

    /** "fe80:0:0:0:0:0:0:a/64" and "fe80::a/64" alike become one text (Java's, without scope). */
    private static String normalize(String addressAndPrefix) throws IOException {
        int slash = addressAndPrefix.indexOf('/');
        String address = InetAddress.getByName(addressAndPrefix.substring(0, slash)).getHostAddress();
        return address.replaceAll("%.*", "") + addressAndPrefix.substring(slash);
    }

    private static void ok(String answer) {
        assertEquals("OK", answer);
    }
}
