package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dsas.testsupport.kernel.HostKernel;
import org.dsas.testsupport.kernel.KernelGuest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Java of ours in the guest: a main class and JUnit test classes from target/test-classes, run
 * with the host's java over the 9p root; output and exit status come back. Also compares the
 * JVM's speed in the guest with the host's on the same CPU-bound program (printed to
 * target/failsafe-reports/...KernelGuestJavaIT-output.txt; see docs/testing.md).
 */
class KernelGuestJavaIT {

    private static final Pattern BENCH = Pattern.compile("cpu-bench rounds=\\d+ first-ms=(\\d+) total-ms=(\\d+) checksum=(-?\\d+)");
    private static final Pattern WALL = Pattern.compile("jvm-wall-s=([0-9.]+)");

    private final KernelGuest guest = KernelGuest.builder().timeout(Duration.ofSeconds(150)).build();

    @BeforeEach
    void kernelTier() {
        KernelGuest.requireAvailable();
    }

    @Test
    void mainClassRunsInTheGuestAndItsExitCodeComesBack() {
        KernelGuest.Result r = guest.runJava(GuestProbe.class, "one", "two words");

        assertEquals(7, r.exitCode(), r::describe);
        String out = r.output();
        String kernel = HostKernel.find().orElseThrow().version();
        assertTrue(out.contains("probe os.version=" + kernel + "\n"), "runs on the guest kernel: " + r.describe());
        assertTrue(out.contains("probe java.version=" + System.getProperty("java.version") + "\n"), r::describe);
        assertTrue(out.contains("probe hostname=dsas-guest\n"), r::describe);
        assertTrue(out.contains("probe args=one,two words\n"), r::describe);
        assertTrue(out.contains("probe to stderr\n"), r::describe);
    }

    @Test
    void junitTestClassRunsInTheGuest() {
        KernelGuest.Result r = guest.runJUnit(GuestSideChecks.class);

        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.output().contains("[guest-junit] OK GuestSideChecks.runsInTheGuestKernel()"), r::describe);
        assertTrue(r.output().contains("[guest-junit] OK GuestSideChecks.loadsIpVsFromJava()"), r::describe);
        assertTrue(r.output().contains("2 tests successful"), r::describe);
    }

    @Test
    void failingJUnitTestInTheGuestComesBackAsFailure() {
        KernelGuest.Result r = guest.runJUnit(GuestSideChecks.FailsOnPurpose.class);

        assertEquals(1, r.exitCode(), r::describe);
        assertTrue(r.output().contains("[guest-junit] FAILED GuestSideChecks$FailsOnPurpose.failsInTheGuest()"
                + ": org.opentest4j.AssertionFailedError: deliberate"), r::describe);
        assertTrue(r.output().contains("1 tests failed"), r::describe);
    }

    @Test
    void jvmSpeedInTheGuestAgainstTheHost() throws Exception {
        List<String> cp = KernelGuest.currentClasspath();
        KernelGuest.Result r = guest.run("TIMEFORMAT='jvm-wall-s=%R'\ntime "
                + KernelGuest.javaCommand(CpuBench.class.getName(), cp, List.of(), "5"));
        assertEquals(0, r.exitCode(), r::describe);

        long start = System.nanoTime();   // the same program on the host, the same way (fresh JVM)
        Process host = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(":", cp), CpuBench.class.getName(), "5").redirectErrorStream(true).start();
        String hostOut = new String(host.getInputStream().readAllBytes());
        assertEquals(0, host.waitFor(), hostOut);
        double hostWall = (System.nanoTime() - start) / 1e9;

        Matcher g = BENCH.matcher(r.output());
        Matcher h = BENCH.matcher(hostOut);
        Matcher gw = WALL.matcher(r.output());
        assertTrue(g.find() && h.find() && gw.find(), r.describe() + "\nhost: " + hostOut);
        assertEquals(h.group(3), g.group(3), "same result on host and guest");
        double guestWall = Double.parseDouble(gw.group(1));
        System.out.printf("JVM speed, guest/host: in-program %d/%d ms = %.1fx (first round %d/%d ms), "
                        + "JVM wall %.2f/%.2f s = %.1fx; boot %d ms%n",
                Long.parseLong(g.group(2)), Long.parseLong(h.group(2)),
                Double.parseDouble(g.group(2)) / Double.parseDouble(h.group(2)),
                Long.parseLong(g.group(1)), Long.parseLong(h.group(1)),
                guestWall, hostWall, guestWall / hostWall, r.bootMillis());
    }
}
