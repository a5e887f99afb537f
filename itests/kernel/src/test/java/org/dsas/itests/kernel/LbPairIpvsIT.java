package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.dsas.core.api.event.ServiceText;
import org.dsas.testsupport.ApplianceFiles;
import org.dsas.testsupport.netns.Cmd;
import org.dsas.testsupport.kernel.KernelGuest;
import org.dsas.testsupport.netns.NetnsAppliance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load-balancer pair (itests/netns LbPairIT) with the IPVS dataplane, in the real kernel, one boot: two built
 * appliances (roles lb and vrrp, backend chosen by themselves: ipvs, since ip_vs is loaded first) in network
 * namespaces of the guest, each with its own IPVS table, NAT forwarding to two busybox httpd real servers whose
 * default gateway is the inside VIP, in one sync group with the outside VIP; both instances on both nodes track the
 * check quorum ({@code trackQuorum = tcp:192.0.2.100:80}). {@link LbPairIpvsGuestChecks} runs the steps in the guest
 * (the topology is {@link #TOPOLOGY}): traffic spread through the master's IPVS; the master's inside link cut ->
 * FAULT by quorum -> the backup holds both VIPs and serves through its IPVS; link back, master again; the master's
 * JVM killed -> the backup serves.
 *
 * <p>The appliance copies are prepared here on the host (etc/ as LbPairIT writes it, SSH keys) under
 * target/lbpair-ipvs; the guest copies them to its tmpfs and runs {@code bin/dsas-run server} in each namespace (the
 * product's launcher: Karaf as user dsas with CAP_NET_ADMIN, CAP_NET_RAW and CAP_NET_BIND_SERVICE only, so IPVS over
 * generic netlink, VRRP's raw socket and the addresses are driven with those capabilities, not as root).
 */
class LbPairIpvsIT {

    static final String VIP = "192.0.2.100";
    static final String GATEWAY = "198.51.100.254";
    static final String SERVICE = ServiceText.parse("TCP:" + VIP + ":80").toString();
    /**
     * Advert interval: 1 s, not LbPairIT's 0.3 s. Under TCG every vCPU shares one host thread with two Karaf JVMs,
     * so a JVM can stall for longer than 3 x 0.3 s and the backup would take over for no reason.
     */
    static final String ADVERT = "1";

    /**
     * Inside the guest: bridges br-front (the client's side) and br-back (the real servers'), namespaces client
     * (192.0.2.1), lba (eth0 192.0.2.11, eth1 198.51.100.251), lbb (.12, .252), s1 and s2 (198.51.100.1 and .2,
     * default route via the inside VIP 198.51.100.254) with busybox httpd answering /name with their name. The
     * bridge port of lba's inside link is lba-b (the test cuts it with nomaster: lba's eth1 stays up).
     */
    static final String TOPOLOGY = """
            for br in br-front br-back; do
              ip link add "$br" type bridge stp_state 0 mcast_snooping 0
              ip link set "$br" up
            done
            port() { # namespace, bridge, interface in the namespace, cidr, port name
              ip link add "$5" type veth peer name "$3" netns "$1"
              ip link set "$5" master "$2" up
              ip -n "$1" addr add "$4" dev "$3"
              ip -n "$1" link set "$3" up
            }
            for ns in client lba lbb s1 s2; do
              ip netns add "$ns"
              ip -n "$ns" link set lo up
            done
            port client br-front eth0 192.0.2.1/24 client-f
            port lba br-front eth0 192.0.2.11/24 lba-f
            port lba br-back eth1 198.51.100.251/24 lba-b
            port lbb br-front eth0 192.0.2.12/24 lbb-f
            port lbb br-back eth1 198.51.100.252/24 lbb-b
            for ns in lba lbb; do ip netns exec "$ns" sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'; done
            for i in 1 2; do
              port "s$i" br-back eth0 "198.51.100.$i/24" "s$i-b"
              ip -n "s$i" route add default via 198.51.100.254
              mkdir -p "/tmp/www-s$i"
              echo "s$i" > "/tmp/www-s$i/name"
              ip netns exec "s$i" busybox httpd -p 80 -h "/tmp/www-s$i"
            done
            """;

    @BeforeEach
    void kernelTier() {
        KernelGuest.requireAvailable();
    }

    @Test
    void ipvsPairServesThroughLostQuorumAndKilledMaster() throws Exception {
        assertEquals("tcp:192.0.2.100:80", SERVICE);
        Path work = Path.of("target/lbpair-ipvs").toAbsolutePath();
        ApplianceFiles.deleteTree(work);
        Path keys = Files.createDirectories(work.resolve("keys"));
        Path key = keys.resolve("admin_ecdsa");
        Cmd.run(Duration.ofSeconds(30), List.of(Cmd.tool("ssh-keygen"), "-q", "-t", "ecdsa", "-b", "256", "-N", "",
                "-C", "admin@lbpair-ipvs", "-f", key.toString())).orThrow();
        appliance(work.resolve("lba"), "192.0.2.11", 150, key);
        appliance(work.resolve("lbb"), "192.0.2.12", 100, key);

        StringBuilder start = new StringBuilder();
        for (String lb : List.of("lba", "lbb")) {
            // the guest's tmpfs holds the running copies; C1 only (setenv's documented opt-in): less boot CPU
            start.append("cp -a ").append(work.resolve(lb)).append(" /tmp/").append(lb).append('\n')
                    .append("date +%s%N > /tmp/").append(lb).append(".started\n")
                    .append("ip netns exec ").append(lb).append(" env DSAS_ROLES=lb,vrrp JAVA_HOME=")
                    .append(KernelGuest.shellQuote(System.getProperty("java.home")))
                    .append(" EXTRA_JAVA_OPTS=-XX:TieredStopAtLevel=1 /tmp/").append(lb)
                    .append("/bin/dsas-run server > /tmp/").append(lb).append(".console 2>&1 &\n");
        }
        String onFailure = """
                for lb in lba lbb; do
                  echo "=== $lb console"; tail -c 4000 /tmp/$lb.console
                  echo "=== $lb karaf.log"; tail -c 30000 /tmp/$lb/data/log/karaf.log
                  echo "=== $lb ipvsadm"; ip netns exec $lb ipvsadm -Ln --stats
                done
                exit 1
                """;
        String command = "set -e\nup() { echo \"[lbpair] $(cut -d' ' -f1 /proc/uptime) s: $*\"; }\n"
                + "modprobe ip_vs\n" + TOPOLOGY + "up topology built\n" + start + "up appliances started\n"
                + "set +e\n"
                + KernelGuest.junitCommand(KernelGuest.currentClasspath(), LbPairIpvsGuestChecks.class)
                + " || {\n" + onFailure + "}\n";

        KernelGuest.Result r = KernelGuest.builder().memoryMiB(3072).cpus(2).timeout(Duration.ofSeconds(840))
                .env("LBPAIR_KEY", key.toString()).build().run(command);

        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.output().contains("[guest-junit] OK LbPairIpvsGuestChecks.pairOverIpvs()"), r::describe);
        assertTrue(r.output().contains("1 tests successful"), r::describe);
        System.out.printf("LbPairIpvsIT guest: boot %d ms, whole run %d ms%n", r.bootMillis(), r.totalMillis());
    }

    /** A private appliance copy with LbPairIT's configuration (two real servers) and SSH on its front address. */
    private static void appliance(Path home, String address, int priority, Path key) throws Exception {
        ApplianceFiles.copyFresh(NetnsAppliance.assemblyDir(), home);
        ApplianceFiles.setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshHost", address);
        Files.copy(Path.of(key + ".pub"), home.resolve("etc/admin.pub"));
        // the guest's running copy is /tmp/<name>: the appliance reads this file instead of /proc/cmdline
        Path guestHome = Path.of("/tmp").resolve(home.getFileName());
        Files.writeString(home.resolve("cmdline"), "BOOT_IMAGE=/vmlinuz quiet\n");
        ApplianceFiles.appendLine(home.resolve("etc/system.properties"), "dsas.cmdline = " + guestHome.resolve("cmdline"));
        Files.writeString(home.resolve("etc/dsas-lb.rules"), "-A -t " + VIP + ":80 -s rr\n"
                + "-a -t " + VIP + ":80 -r 198.51.100.1:80 -m -w 1\n"
                + "-a -t " + VIP + ":80 -r 198.51.100.2:80 -m -w 1\n");
        StringBuilder checks = new StringBuilder("virtual_server " + VIP + " 80 {\n    delay_loop 1\n    quorum 1\n");
        for (int i = 1; i <= 2; i++) {
            String check = i == 2 ? "TCP_CHECK {" : "HTTP_GET {\n            url {\n                path /name\n"
                    + "                status_code 200\n            }";
            checks.append("    real_server 198.51.100.").append(i).append(" 80 {\n        ").append(check)
                    .append("\n            connect_timeout 1\n            retry 1\n            delay_before_retry 1\n"
                            + "        }\n    }\n");
        }
        checks.append("}\n");
        Files.writeString(home.resolve("etc/dsas-lb-checks.conf"), checks.toString());
        instance(home, "OUT", "eth0", 51, priority, VIP + "/24");
        instance(home, "IN", "eth1", 52, priority, GATEWAY + "/24");
    }

    private static void instance(Path home, String name, String iface, int vrid, int priority, String vip)
            throws Exception {
        Files.writeString(home.resolve("etc/org.dsas.vrrp.instance-" + name + ".cfg"), String.join("\n",
                "interface = " + iface, "vrid = " + vrid, "version = 3", "priority = " + priority,
                "advertInterval = " + ADVERT, "virtualAddresses = " + vip, "syncGroup = LB",
                "trackQuorum = " + SERVICE, "garpDelay = 1", ""));
    }
}
