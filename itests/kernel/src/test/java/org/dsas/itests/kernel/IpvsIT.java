package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Pattern;

import org.dsas.testsupport.kernel.KernelGuest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IPVS in a real kernel: a virtual service with two NAT real servers, listed by ipvsadm. */
class IpvsIT {

    @BeforeEach
    void kernelTier() {
        KernelGuest.requireAvailable();
    }

    @Test
    void virtualServiceWithNatRealServersIsListed() {
        // NAT (-m) needs a route to the real servers: a dummy interface in their subnet.
        KernelGuest.Result r = KernelGuest.builder().timeout(Duration.ofSeconds(120)).build().run("""
                set -e
                ip link add dsas-rs type dummy
                ip addr add 10.0.0.254/24 dev dsas-rs
                ip link set dsas-rs up
                modprobe ip_vs
                ipvsadm -A -t 10.0.0.1:80 -s rr
                ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.2:80 -m
                ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.3:80 -m -w 3
                echo '--- ipvsadm -Ln'
                ipvsadm -Ln
                echo '--- modules'
                grep -oE '^ip_vs[a-z_]*' /proc/modules | sort
                """);

        assertEquals(0, r.exitCode(), r::describe);
        String out = r.output();
        assertTrue(out.contains("IP Virtual Server version"), r::describe);
        assertTrue(Pattern.compile("(?m)^TCP\\s+10\\.0\\.0\\.1:80\\s+rr\\s*$").matcher(out).find(), r::describe);
        assertTrue(Pattern.compile("(?m)^\\s+->\\s+10\\.0\\.0\\.2:80\\s+Masq\\s+1\\s+0\\s+0\\s*$").matcher(out).find(),
                r::describe);
        assertTrue(Pattern.compile("(?m)^\\s+->\\s+10\\.0\\.0\\.3:80\\s+Masq\\s+3\\s+0\\s+0\\s*$").matcher(out).find(),
                r::describe);
        // the rr scheduler module was loaded on demand by the kernel (request_module -> host modprobe)
        assertTrue(Pattern.compile("(?m)^ip_vs_rr$").matcher(out).find(), r::describe);
    }
}
