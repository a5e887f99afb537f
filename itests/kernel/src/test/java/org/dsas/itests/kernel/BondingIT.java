package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.dsas.testsupport.kernel.KernelGuest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NIC bonding in a real kernel: active-backup over two dummy slaves, and a failover. */
class BondingIT {

    @BeforeEach
    void kernelTier() {
        KernelGuest.requireAvailable();
    }

    @Test
    void activeBackupBondWithTwoSlavesFailsOver() {
        // Debian's modprobe.d loads bonding with max_bonds=0: create the bond explicitly.
        KernelGuest.Result r = KernelGuest.builder().timeout(Duration.ofSeconds(120)).build().run("""
                set -e
                ip link add bond0 type bond mode active-backup miimon 100
                for s in dsas-s0 dsas-s1; do
                    ip link add $s type dummy
                    ip link set $s master bond0
                done
                ip link set bond0 up
                sleep 0.5
                echo '--- before'
                cat /proc/net/bonding/bond0
                ip link set dsas-s0 down
                sleep 0.5
                echo '--- after dsas-s0 down'
                grep -E '^(Currently Active Slave|Slave Interface|MII Status)' /proc/net/bonding/bond0
                """);

        assertEquals(0, r.exitCode(), r::describe);
        String out = r.output();
        String before = out.substring(out.indexOf("--- before"), out.indexOf("--- after"));
        String after = out.substring(out.indexOf("--- after"));
        assertTrue(before.contains("Bonding Mode: fault-tolerance (active-backup)"), r::describe);
        assertTrue(before.contains("MII Polling Interval (ms): 100"), r::describe);
        assertTrue(before.contains("Slave Interface: dsas-s0"), r::describe);
        assertTrue(before.contains("Slave Interface: dsas-s1"), r::describe);
        assertTrue(before.contains("Currently Active Slave: dsas-s0"), r::describe);
        assertEquals(3, count(before, "MII Status: up"), r::describe); // bond + both slaves
        assertTrue(after.contains("Currently Active Slave: dsas-s1"), r::describe);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
