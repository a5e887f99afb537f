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
        "batchAddsManyServicesInFewDatagrams", "timeoutsAreSetAndReadAsIpvsadmShowsThem"};

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
