package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Pattern;

import org.dsas.testsupport.kernel.KernelGuest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DRBD in a real kernel (Debian 6.1 ships DRBD 8.4): two resources in one kernel replicate to
 * each other over 127.0.0.1, resync, and a block written on one side is read on the other.
 */
class DrbdIT {

    @BeforeEach
    void kernelTier() {
        KernelGuest.requireAvailable();
    }

    @Test
    void pairConnectsSyncsAndReplicates() {
        // usermode_helper=/bin/true: the kernel would call "drbdadm before-resync-source", which
        // fails without a drbd.conf and drops the connection. drbdsetup/drbdmeta of drbd-utils 9
        // drive the 8.4 kernel with 8.4 syntax. Backing files live in guest RAM.
        KernelGuest.Result r = KernelGuest.builder().timeout(Duration.ofSeconds(150)).build().run("""
                set -e
                modprobe drbd usermode_helper=/bin/true
                modprobe loop
                for m in 0 1; do
                    truncate -s 16M /tmp/drbd$m.img
                    dev=$(losetup -f --show /tmp/drbd$m.img)
                    drbdsetup new-resource r$m
                    drbdsetup new-minor r$m $m 0
                    drbdmeta --force $m v08 $dev internal create-md >/dev/null
                    drbdsetup attach $m $dev $dev internal
                done
                drbdsetup connect r0 ipv4:127.0.0.1:7790 ipv4:127.0.0.1:7791 --protocol=C
                drbdsetup connect r1 ipv4:127.0.0.1:7791 ipv4:127.0.0.1:7790 --protocol=C
                wait_for() { for i in $(seq 300); do [ "$(grep -c "$1" /proc/drbd)" = 2 ] && return 0; sleep 0.2; done; return 1; }
                wait_for 'cs:Connected'
                drbdsetup primary 0 --force
                wait_for 'ds:UpToDate/UpToDate'
                echo '--- synced'
                cat /proc/drbd
                echo replicated-by-drbd | dd of=/dev/drbd0 bs=4096 count=1 conv=sync oflag=direct 2>/dev/null
                drbdsetup secondary 0
                drbdsetup primary 1
                echo "--- read on minor 1: $(dd if=/dev/drbd1 bs=4096 count=1 iflag=direct 2>/dev/null | tr -d '\\0')"
                echo '--- switched'
                cat /proc/drbd
                """);

        assertEquals(0, r.exitCode(), r::describe);
        String out = r.output();
        String synced = out.substring(out.indexOf("--- synced"), out.indexOf("--- read"));
        String switched = out.substring(out.indexOf("--- switched"));
        assertTrue(synced.contains("version: 8.4."), r::describe);
        assertTrue(minor(0, "Connected", "Primary/Secondary", "UpToDate/UpToDate").matcher(synced).find(), r::describe);
        assertTrue(minor(1, "Connected", "Secondary/Primary", "UpToDate/UpToDate").matcher(synced).find(), r::describe);
        assertTrue(out.contains("--- read on minor 1: replicated-by-drbd\n"), r::describe);
        assertTrue(minor(0, "Connected", "Secondary/Primary", "UpToDate/UpToDate").matcher(switched).find(), r::describe);
        assertTrue(minor(1, "Connected", "Primary/Secondary", "UpToDate/UpToDate").matcher(switched).find(), r::describe);
    }

    /** A /proc/drbd 8.4 status line, e.g. " 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----". */
    private static Pattern minor(int minor, String cs, String ro, String ds) {
        return Pattern.compile("(?m)^\\s*" + minor + ": cs:" + cs + " ro:" + ro + " ds:" + ds + " C ");
    }
}
