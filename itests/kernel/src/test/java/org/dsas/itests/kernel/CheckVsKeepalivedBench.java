package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.dsas.itests.kernel.check.CheckBench;
import org.dsas.testsupport.kernel.KernelGuest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health-check benchmark (10,000 checks by default), run by hand only (bench/checks-vs-keepalived.sh runs it with
 * -Dit.test=CheckVsKeepalivedBench; its name matches no failsafe include): {@link CheckBench} in one
 * guest boot, ours then keepalived's checker, then ours alone on the host over loopback. Figures go to
 * the failsafe output file ("[bench]" lines). Sizes from -Ddsas.check.bench=warmup-s,window-s,victims[,checks]
 * (default 30,60,100,10000).
 */
class CheckVsKeepalivedBench {

    /** The checker JVM's flags (the runner's, not the driver's): the box's collector, a bounded heap. */
    private static final List<String> CHECKER_JVM = List.of("-XX:+UseSerialGC", "-Xmx256m");

    @BeforeEach
    void kernelTier() {
        KernelGuest.requireAvailable();
    }

    @Test
    void tenThousandChecksOursAgainstKeepalived() throws Exception {
        String[] size = System.getProperty("dsas.check.bench", "30,60,100").split(",");
        String checks = size.length > 3 ? size[3] : "10000";
        StringBuilder addresses = new StringBuilder();
        for (int i = 1; i <= 250; i++) {
            addresses.append("addr add 198.51.100.").append(i).append("/24 dev dsas-rs\n")
                    .append("addr add 203.0.113.").append(i).append("/24 dev dsas-rs\n");
        }
        List<String> driverJvm = Stream.concat(KernelGuest.GUEST_JVM_OPTIONS.stream(), Stream.of("-Xmx256m")).toList();
        List<String> args = new ArrayList<>(List.of("guest", size[0], size[1], size[2], checks));
        args.addAll(CHECKER_JVM);
        KernelGuest.Result r = KernelGuest.builder().memoryMiB(2048).timeout(Duration.ofSeconds(1200)).build().run("""
                set -e
                modprobe ip_vs
                ip link set lo up
                ip link add dsas-rs type dummy
                ip -batch - <<'EOF'
                """ + addresses + """
                EOF
                ip link set dsas-rs up
                sysctl -qw net.core.somaxconn=4096 || true
                # 10,000 checks a second keep thousands of sockets open under emulation; the guest's init leaves 1024
                ulimit -n 65536
                """ + KernelGuest.javaCommand(CheckBench.class.getName(), KernelGuest.currentClasspath(), driverJvm,
                args.toArray(String[]::new)));
        System.out.println("check bench guest: exit " + r.exitCode() + ", boot " + r.bootMillis() + " ms, total "
                + r.totalMillis() + " ms");
        assertEquals(0, r.exitCode(), r::describe);

        List<String> host = new ArrayList<>();
        host.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        host.add("-Xmx256m");
        host.addAll(List.of("-cp", String.join(":", KernelGuest.currentClasspath()), CheckBench.class.getName(),
                "host", size[0], size[1], "0", checks));
        host.addAll(CHECKER_JVM);
        Process p = new ProcessBuilder(host).redirectErrorStream(true).start();
        p.getInputStream().transferTo(System.out);
        assertEquals(0, p.waitFor(), "host run");
    }
}
