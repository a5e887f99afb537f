package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.dsas.testsupport.kernel.KernelGuest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ipvs dataplane (generic netlink from Java) in a real kernel, one boot: IpvsGuestChecks run
 * in the guest against ipvsadm as the independent peer.
 */
class IpvsDataplaneIT {

    private static final String[] CHECKS = {"whatWeCreateIpvsadmListsAndWeReadBack", "whatIpvsadmCreatesWeRead",
        "editChangesInPlaceAndDeleteRemoves", "errorsNameTheObjectAndTheErrno", "reconcileRepairsExactlyTheHandChanges",
        "batchAddsManyServicesInFewDatagrams", "timeoutsAreSetAndReadAsIpvsadmShowsThem",
        "realHttpThroughNatAndDirectRoutingComesFromBothRealServersInTurn"};

    /**
     * Real traffic in the guest (IpvsGuestChecks' javadoc names the parts): the guest's own namespace is the
     * director, with a bridge dsas-br (192.0.2.254/24; the DR VIP 192.0.2.100/32) to two real servers rs1
     * (192.0.2.11) and rs2 (192.0.2.12) that run busybox httpd on port 80 (answering "rs1" / "rs2"), route back
     * through the director and hold the DR VIP on lo (arp_ignore=1, arp_announce=2), and a DR client lan
     * (192.0.2.50) on the same bridge; a NAT client cl (203.0.113.2, default route via the director's
     * 203.0.113.1) behind a veth; the NAT VIPs 203.0.113.10 and .20 are the director's. Each a network namespace
     * inside the guest. The director listens on nothing: without an IPVS service the VIPs refuse.
     */
    static final String REAL_SERVERS = """
            ip link add dsas-br type bridge
            ip addr add 192.0.2.254/24 dev dsas-br
            ip addr add 192.0.2.100/32 dev dsas-br
            ip link set dsas-br up
            for n in rs1:192.0.2.11 rs2:192.0.2.12 lan:192.0.2.50; do
              name=${n%%:*}
              ip netns add "$name"
              ip link add "$name-br" type veth peer name eth0 netns "$name"
              ip link set "$name-br" master dsas-br up
              ip -n "$name" addr add "${n#*:}/24" dev eth0
              ip -n "$name" link set eth0 up
              ip -n "$name" link set lo up
            done
            for rs in rs1 rs2; do
              ip -n "$rs" route add default via 192.0.2.254
              ip -n "$rs" addr add 192.0.2.100/32 dev lo
              ip netns exec "$rs" sh -c 'echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore; \
                echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce'
              mkdir -p "/tmp/www-$rs"
              echo "$rs" > "/tmp/www-$rs/index.html"
              ip netns exec "$rs" busybox httpd -p 80 -h "/tmp/www-$rs"
            done
            ip netns add cl
            ip link add dsas-cl type veth peer name eth0 netns cl
            ip addr add 203.0.113.1/24 dev dsas-cl
            ip addr add 203.0.113.10/32 dev dsas-cl
            ip addr add 203.0.113.20/32 dev dsas-cl
            ip link set dsas-cl up
            ip -n cl addr add 203.0.113.2/24 dev eth0
            ip -n cl link set eth0 up
            ip -n cl link set lo up
            ip -n cl route add default via 203.0.113.1
            echo 1 > /proc/sys/net/ipv4/ip_forward
            """;

    @BeforeEach
    void kernelTier() {
        KernelGuest.requireAvailable();
    }

    @Test
    void ipvsDataplaneAgainstTheKernelAndIpvsadm() {
        // NAT real servers need a route: a dummy interface in their subnets. ip_vs is loaded on demand by
        // nothing here: the probe must find the family after modprobe, as the appliance's boot loads it.
        KernelGuest.Result r = KernelGuest.builder().timeout(Duration.ofSeconds(300)).build().run("""
                set -e
                ip link add dsas-rs type dummy
                ip addr add 10.0.0.254/24 dev dsas-rs
                ip -6 addr add 2001:db8:1::254/64 dev dsas-rs nodad
                ip link set dsas-rs up
                """ + REAL_SERVERS + """
                modprobe ip_vs
                """ + KernelGuest.junitCommand(KernelGuest.currentClasspath(), IpvsGuestChecks.class));

        assertEquals(0, r.exitCode(), r::describe);
        for (String check : CHECKS) {
            assertTrue(r.output().contains("[guest-junit] OK IpvsGuestChecks." + check + "()"), check + "\n"
                    + r.describe());
        }
        assertTrue(r.output().contains(CHECKS.length + " tests successful"), r::describe);
    }
}
