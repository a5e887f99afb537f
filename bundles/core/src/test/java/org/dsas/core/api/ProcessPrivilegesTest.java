package org.dsas.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ProcessPrivilegesTest {

    /** What /proc/self/status says for a JVM started by bin/dsas-run (user dsas, the three ambient capabilities). */
    static final String DSAS_RUN = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Uid:\t998\t998\t998\t998
            Gid:\t998\t998\t998\t998
            CapInh:\t0000000000003400
            CapPrm:\t0000000000003400
            CapEff:\t0000000000003400
            CapBnd:\t000001ffffffffff
            CapAmb:\t0000000000003400
            NoNewPrivs:\t0
            """;

    static final PrivilegeNeeds VRRP = new DeclaredPrivileges("vrrp", Map.entry(LinuxCapability.NET_RAW,
            "VRRP adverts"));

    @Test
    void readsUidAndEffectiveCapabilitiesOfTheLauncher() {
        ProcessPrivileges p = ProcessPrivileges.parse("dsas", DSAS_RUN);
        assertEquals(998, p.uid());
        assertEquals(Set.of(LinuxCapability.NET_ADMIN, LinuxCapability.NET_RAW, LinuxCapability.NET_BIND_SERVICE),
                p.effective());
        assertEquals(List.of("CAP_NET_BIND_SERVICE", "CAP_NET_ADMIN", "CAP_NET_RAW"), p.effectiveText());
        assertFalse(p.has(LinuxCapability.SYS_ADMIN));
        assertEquals("ok (CAP_NET_RAW: VRRP adverts)", p.report(VRRP));
    }

    @Test
    void aMissingCapabilityIsNamedWithWhatItIsFor() {
        ProcessPrivileges p = ProcessPrivileges.parse("nobody",
                DSAS_RUN.replace("998", "65534").replace("CapEff:\t0000000000003400", "CapEff:\t0000000000001000"));
        assertEquals(Set.of(LinuxCapability.NET_ADMIN), p.effective());
        PrivilegeNeeds two = new DeclaredPrivileges("vrrp", Map.entry(LinuxCapability.NET_RAW, "adverts"));
        assertEquals("missing CAP_NET_RAW (adverts)", p.report(two));
        assertEquals(Map.of(LinuxCapability.NET_RAW, "adverts"), p.missing(two));
    }

    @Test
    void rootWithEveryCapability() {
        ProcessPrivileges p = ProcessPrivileges.parse("root",
                DSAS_RUN.replace("998", "0").replace("CapEff:\t0000000000003400", "CapEff:\t000001ffffffffff"));
        assertEquals(0, p.uid());
        assertTrue(p.has(LinuxCapability.SYS_ADMIN));
    }

    @Test
    void statusTextWithoutTheLinesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcessPrivileges.parse("x", "Name:\tjava\nUid:\t0\t0\t0\t0\n"));
    }

    @Test
    void thisProcessAsTheKernelSeesIt() throws Exception {
        Path status = Path.of("/proc/self/status");
        ProcessPrivileges p = ProcessPrivileges.current();
        String uidLine = Files.readAllLines(status).stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertEquals(Long.parseLong(uidLine.split("\\s+")[1]), p.uid());
    }
}
