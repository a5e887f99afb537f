package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.dsas.testsupport.kernel.KernelGuest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our health checks against keepalived's checker in a real kernel, one boot: CheckComparisonGuest runs
 * both on the same keepalived.conf and targets (busybox httpd, a socat listener that never answers, a
 * closed port, a MISC_CHECK script) and asserts they decide the same up/down set at start and after a
 * target is killed and another brought back. keepalived --check refuses to run without IPVS, hence the
 * guest.
 */
class CheckComparisonIT {

    @BeforeEach
    void kernelTier() {
        KernelGuest.requireAvailable();
    }

    @Test
    void ourChecksDecideAsKeepalivedDoes() {
        KernelGuest.Result r = KernelGuest.builder().timeout(Duration.ofSeconds(300)).build().run("""
                set -e
                modprobe ip_vs
                ip link set lo up
                ip link add dsas-rs type dummy
                for i in 1 2 3 4 5 6 7 254; do ip addr add 192.0.2.$i/24 dev dsas-rs; done
                ip link set dsas-rs up
                """ + KernelGuest.junitCommand(KernelGuest.currentClasspath(), CheckComparisonGuest.class));

        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.output().contains(
                "[guest-junit] OK CheckComparisonGuest.sameDecisionsAsKeepalivedAfterStartKillAndRecovery()"),
                r::describe);
    }
}
