package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.dsas.testsupport.kernel.KernelGuest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Benchmark 1, not in the normal run (bench/ipvs-apply.sh runs it with -Dit.test=IpvsApplyBenchIT):
 * boots one guest and runs {@link IpvsApplyBench} there; the figures go to the failsafe output file.
 * Size from -Ddsas.ipvs.bench=services,servers,runs (default 1000,10,5).
 */
class IpvsApplyBenchIT {

    /** The guest JVM flags; per-operation INFO lines to the serial console would be measured too. */
    private static final List<String> JVM_OPTIONS = Stream.concat(KernelGuest.GUEST_JVM_OPTIONS.stream(),
            Stream.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")).toList();

    @BeforeEach
    void kernelTier() {
        KernelGuest.requireAvailable();
    }

    @Test
    void applyThroughNetlinkAgainstIpvsadmRestore() {
        String[] size = System.getProperty("dsas.ipvs.bench", "1000,10,5").split(",");
        KernelGuest.Result r = KernelGuest.builder().timeout(Duration.ofSeconds(1200)).build().run("""
                set -e
                ip link add dsas-rs type dummy
                ip addr add 192.0.2.254/24 dev dsas-rs
                ip link set dsas-rs up
                modprobe ip_vs
                """ + KernelGuest.javaCommand(IpvsApplyBench.class.getName(), KernelGuest.currentClasspath(),
                JVM_OPTIONS, size));
        System.out.println("ipvs-apply guest: exit " + r.exitCode() + ", boot " + r.bootMillis() + " ms, total "
                + r.totalMillis() + " ms");
        assertEquals(0, r.exitCode(), r::describe);
    }
}
