package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * JUnit tests that run INSIDE the guest (KernelGuestJavaIT runs them through GuestJUnit); the
 * name matches no failsafe pattern, so they never run on the host. Later capability tests
 * (IPVS over netlink from Java, ...) take this shape.
 */
class GuestSideChecks {

    static boolean inGuest() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().equals("dsas-guest");
    }

    @Test
    void runsInTheGuestKernel() throws Exception {
        assumeTrue(inGuest(), "only meaningful inside the guest");
        assertTrue(Files.readString(Path.of("/proc/version")).contains("Debian"));
    }

    @Test
    void loadsIpVsFromJava() throws Exception {
        assumeTrue(inGuest(), "only meaningful inside the guest");
        Process p = new ProcessBuilder("modprobe", "ip_vs").inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(Files.readString(Path.of("/proc/net/ip_vs")).contains("IP Virtual Server version"));
    }

    /** Fails on purpose in the guest: proves a failing test comes back as a failure. */
    static class FailsOnPurpose {
        @Test
        void failsInTheGuest() throws Exception {
            assumeTrue(inGuest(), "only meaningful inside the guest");
            assertEquals("host", Files.readString(Path.of("/proc/sys/kernel/hostname")).trim(), "deliberate");
        }
    }
}
