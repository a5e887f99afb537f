package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.dsas.testsupport.kernel.KernelGuest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: exit codes, output, env, kernel arguments, results dir, isolation, timeout. */
class KernelGuestHarnessIT {

    @BeforeEach
    void kernelTier() {
        KernelGuest.requireAvailable();
    }

    @Test
    void twoConcurrentGuestsKeepTheirOutputExitCodesAndResultsApart(@TempDir Path results) throws Exception {
        String command = """
                echo "hello from $WHO"
                echo "to stderr from $WHO" >&2
                echo "kernel $(uname -r) cmdline $(cat /proc/cmdline)"
                echo "$WHO was here" > "result-$WHO.txt"
                touch /only-in-guest-ram-$WHO
                exit $CODE
                """;
        CompletableFuture<KernelGuest.Result> a = CompletableFuture.supplyAsync(() -> KernelGuest.builder()
                .cpus(1).memoryMiB(512).timeout(Duration.ofSeconds(150)).rwDir(results)
                .env("WHO", "guest-a").env("CODE", "3").kernelArg("dsas.roles=lb,metrics").build().run(command));
        CompletableFuture<KernelGuest.Result> b = CompletableFuture.supplyAsync(() -> KernelGuest.builder()
                .cpus(1).memoryMiB(512).timeout(Duration.ofSeconds(150)).rwDir(results)
                .env("WHO", "it's b").env("CODE", "4").build().run(command));
        KernelGuest.Result ra = a.get();
        KernelGuest.Result rb = b.get();

        assertEquals(3, ra.exitCode(), ra::describe);
        assertEquals(4, rb.exitCode(), rb::describe);
        assertTrue(ra.output().contains("hello from guest-a\n"), ra::describe);
        assertTrue(ra.output().contains("to stderr from guest-a\n"), ra::describe);
        assertFalse(ra.output().contains("it's b"), ra::describe);
        assertTrue(rb.output().contains("hello from it's b\n"), rb::describe);
        assertFalse(rb.output().contains("guest-a"), rb::describe);
        assertTrue(ra.output().contains("dsas.roles=lb,metrics"), ra::describe);
        assertFalse(rb.output().contains("dsas.roles"), rb::describe);
        assertEquals("guest-a was here\n", Files.readString(results.resolve("result-guest-a.txt")));
        assertEquals("it's b was here\n", Files.readString(results.resolve("result-it's b.txt")));
        assertFalse(Files.exists(Path.of("/only-in-guest-ram-guest-a")), "guest writes outside rwDir stay in the guest");
        for (KernelGuest.Result r : List.of(ra, rb)) {
            assertTrue(r.bootMillis() > 0 && r.bootMillis() <= r.totalMillis(), r::describe);
            assertFalse(Files.exists(r.runDir()), "run dir deleted: " + r.runDir());
            assertTrue(processesMentioning(r.runDir()).isEmpty(), "no process left: " + processesMentioning(r.runDir()));
        }
        assertFalse(ra.runDir().equals(rb.runDir()));
    }

    @Test
    void aCommandThatNeverEndsIsKilledAtTheTimeout() {
        long start = System.nanoTime();
        KernelGuest.Result r = KernelGuest.builder().timeout(Duration.ofSeconds(20)).build()
                .run("echo going to sleep forever; sleep infinity");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(r.timedOut(), r::describe);
        assertFalse(r.ok(), r::describe);
        assertEquals(KernelGuest.NO_EXIT_CODE, r.exitCode(), r::describe);
        assertTrue(r.bootMillis() > 0, "the command had started: " + r.describe());
        assertTrue(r.output().contains("going to sleep forever"), r::describe);
        assertTrue(r.describe().contains("TIMED OUT"), r::describe);
        assertTrue(r.totalMillis() >= 20_000 && tookMillis < 40_000, "killed at the timeout, took " + tookMillis + " ms");
        assertTrue(processesMentioning(r.runDir()).isEmpty(), "no qemu left: " + processesMentioning(r.runDir()));
        assertFalse(Files.exists(r.runDir()), "run dir deleted: " + r.runDir());
    }

    /** Host processes (qemu, the timeout wrapper) whose command line names this run's directory. */
    static List<String> processesMentioning(Path runDir) {
        String dir = runDir.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .filter(c -> c.contains(dir)).collect(Collectors.toList());
    }
}
