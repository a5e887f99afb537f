package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dsas.testsupport.kernel.KernelGuest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The figures in docs/testing.md ("Real-kernel tier"); not part of the normal run:
 * {@code mvn -o verify -pl itests/kernel -Dit.test=KernelGuestBenchIT} (excluded from the normal run
 * in the pom). Writes target/kernel-bench.txt.
 */
class KernelGuestBenchIT {

    private static final Pattern BENCH = Pattern.compile("cpu-bench rounds=\\d+ first-ms=(\\d+) total-ms=(\\d+) checksum=(-?\\d+)");
    private static final Pattern WALL = Pattern.compile("jvm-wall-s=([0-9.]+)");
    private static final List<String> SAME_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx256m");
    private final StringBuilder report = new StringBuilder();

    @BeforeEach
    void kernelTier() {
        KernelGuest.requireAvailable();
    }

    @Test
    void bootTimeJvmSpeedAndMemory() throws Exception {
        line("load average at start: %s", Files.readString(Path.of("/proc/loadavg")).trim());
        KernelGuest.builder().quiet().build().run("true"); // builds/caches initramfs and vmlinux first

        int boots = Integer.getInteger("dsas.kernel.bench.boots", 7);
        List<Long> boot = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        List<Long> uptime = new ArrayList<>();
        for (int i = 0; i < boots; i++) {
            KernelGuest.Result r = KernelGuest.builder().quiet().build().run("true");
            assertEquals(0, r.exitCode(), r::describe);
            boot.add(r.bootMillis());
            total.add(r.totalMillis());
            uptime.add(r.guestUptimeMillis());
        }
        line("boots of 'true' (1024 MiB, 2 vCPU, single-threaded TCG, -cpu qemu64, PVH vmlinux), n=%d", boots);
        line("  qemu start -> command starts: median %d ms, min %d, max %d  %s", median(boot), min(boot), max(boot), boot);
        line("  guest kernel uptime at command start: median %d ms  %s", median(uptime), uptime);
        line("  qemu start -> qemu gone: median %d ms  %s", median(total), total);

        // JVM speed: the same program, same JVM flags, fresh JVM per run, on host and in one guest
        List<String> cp = KernelGuest.currentClasspath();
        int runs = 5;
        StringBuilder cmd = new StringBuilder("TIMEFORMAT='jvm-wall-s=%R'\n");
        cmd.append("grep -E 'MemTotal|MemAvailable' /proc/meminfo\n");
        cmd.append("time ").append(KernelGuest.javaCommand("-version", List.of(), List.of())).append(" 2>/dev/null\n");
        for (int i = 0; i < runs; i++) {
            cmd.append("time ").append(KernelGuest.javaCommand(CpuBench.class.getName(), cp, SAME_JVM_FLAGS, "5")).append('\n');
        }
        cmd.append("echo guest-jvm-options\n");
        for (int i = 0; i < runs; i++) {
            cmd.append("time ").append(KernelGuest.javaCommand(CpuBench.class.getName(), cp,
                    KernelGuest.GUEST_JVM_OPTIONS, "5")).append('\n');
        }
        cmd.append("/usr/bin/time -f 'jvm-max-rss-kb=%M' ")
                .append(KernelGuest.javaCommand(CpuBench.class.getName(), cp, SAME_JVM_FLAGS, "5")).append('\n');
        cmd.append("grep -E 'MemAvailable' /proc/meminfo\n");
        AtomicLong qemuPeakKb = new AtomicLong();
        Thread sampler = sampleQemuPeakRss(qemuPeakKb);
        KernelGuest.Result g = KernelGuest.builder().quiet().timeout(Duration.ofSeconds(300)).build().run(cmd.toString());
        sampler.interrupt();
        assertEquals(0, g.exitCode(), g::describe);

        List<Long> guestMs = new ArrayList<>();
        List<Long> guestFirst = new ArrayList<>();
        List<Double> guestWall = new ArrayList<>();
        Matcher m = BENCH.matcher(g.output());
        while (m.find()) {
            guestFirst.add(Long.parseLong(m.group(1)));
            guestMs.add(Long.parseLong(m.group(2)));
        }
        Matcher w = WALL.matcher(g.output());
        double guestJavaVersion = w.find() ? Double.parseDouble(w.group(1)) : -1;
        while (w.find()) {
            guestWall.add(Double.parseDouble(w.group(1)));
        }
        List<Long> hostMs = new ArrayList<>();
        List<Long> hostFirst = new ArrayList<>();
        List<Double> hostWall = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long v0 = System.nanoTime();
        new ProcessBuilder(java, "-version").redirectErrorStream(true).start().waitFor();
        double hostJavaVersion = (System.nanoTime() - v0) / 1e9;
        for (int i = 0; i < runs; i++) {
            List<String> c = new ArrayList<>(List.of(java));
            c.addAll(SAME_JVM_FLAGS);
            c.addAll(List.of("-cp", String.join(":", cp), CpuBench.class.getName(), "5"));
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
            hostWall.add((System.nanoTime() - t0) / 1e9);
            Matcher h = BENCH.matcher(out);
            assertTrue(h.find(), out);
            hostFirst.add(Long.parseLong(h.group(1)));
            hostMs.add(Long.parseLong(h.group(2)));
        }
        line("JVM: CpuBench 5 rounds, flags %s, fresh JVM each, %d runs per side", SAME_JVM_FLAGS, runs);
        line("  in-program time: guest median %d ms %s, host median %d ms %s -> ratio %.1fx",
                median(guestMs.subList(0, runs)), guestMs.subList(0, runs), median(hostMs), hostMs,
                (double) median(guestMs.subList(0, runs)) / median(hostMs));
        line("  first round (JIT warming): guest median %d ms, host median %d ms -> %.1fx",
                median(guestFirst.subList(0, runs)), median(hostFirst),
                (double) median(guestFirst.subList(0, runs)) / median(hostFirst));
        List<Double> wallSame = guestWall.subList(0, runs);
        line("  JVM wall (start to exit): guest median %.2f s %s, host median %.2f s -> ratio %.1fx",
                medianD(wallSame), wallSame, medianD(hostWall), medianD(wallSame) / medianD(hostWall));
        List<Long> c1Ms = guestMs.subList(runs, 2 * runs);
        List<Double> c1Wall = guestWall.subList(runs, 2 * runs);
        line("  guest with KernelGuest.GUEST_JVM_OPTIONS %s (C1 only): in-program median %d ms %s -> %.1fx host;"
                        + " JVM wall median %.2f s %s -> %.1fx host", KernelGuest.GUEST_JVM_OPTIONS, median(c1Ms), c1Ms,
                (double) median(c1Ms) / median(hostMs), medianD(c1Wall), c1Wall, medianD(c1Wall) / medianD(hostWall));
        line("  java -version wall: guest %.2f s, host %.2f s", guestJavaVersion, hostJavaVersion);
        line("memory: guest given 1024 MiB; guest output:");
        for (String l : g.output().split("\n")) {
            if (l.startsWith("Mem") || l.startsWith("jvm-max-rss")) {
                line("    %s", l);
            }
        }
        line("  qemu process peak RSS on the host (VmHWM): %d MiB", qemuPeakKb.get() / 1024);
        line("load average at end: %s", Files.readString(Path.of("/proc/loadavg")).trim());
        Files.writeString(Path.of("target", "kernel-bench.txt"), report.toString());
    }

    /** Polls our qemu processes' VmHWM (peak RSS) while the guest runs. */
    private static Thread sampleQemuPeakRss(AtomicLong peakKb) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains("dsas-kernel-tier/runs/run-")
                                && p.info().command().orElse("").endsWith("qemu-system-x86_64"))
                        .forEach(p -> {
                            try {
                                for (String l : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                                    if (l.startsWith("VmHWM:")) {
                                        long kb = Long.parseLong(l.replaceAll("\\D", ""));
                                        peakKb.accumulateAndGet(kb, Math::max);
                                    }
                                }
                            } catch (IOException | RuntimeException ignored) {
                                // gone
                            }
                        });
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        report.append(s).append('\n');
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static double medianD(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static long min(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    private static long max(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).max().orElse(-1);
    }
}
