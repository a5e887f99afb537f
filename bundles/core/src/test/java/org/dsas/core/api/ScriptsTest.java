package org.dsas.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ScriptsTest {

    static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    static final ProcessPrivileges DSAS = new ProcessPrivileges("dsas", 998,
            EnumSet.of(LinuxCapability.NET_ADMIN, LinuxCapability.NET_RAW, LinuxCapability.NET_BIND_SERVICE));
    static final ProcessPrivileges ROOT = new ProcessPrivileges("root", 0, EnumSet.allOf(LinuxCapability.class));

    @Test
    void asTheAppliancesUserTheInheritableAndAmbientSetsAreCleared() {
        assertEquals(List.of("/usr/bin/setpriv", "--inh-caps=-all", "--ambient-caps=-all", "--no-new-privs", "--",
                "/etc/dsas/notify", "INSTANCE", "vi1", "MASTER", "150"),
                Scripts.command(List.of("/etc/dsas/notify", "INSTANCE", "vi1", "MASTER", "150"), DSAS, null, null,
                        SETPRIV));
    }

    @Test
    void asRootTheBoundingSetIsEmptiedAndTheUserSwitched() {
        assertEquals(List.of("/usr/bin/setpriv", "--reuid=dsas-script", "--regid=997", "--init-groups",
                "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", "check"),
                Scripts.command(List.of("check"), ROOT, "dsas-script", "997", SETPRIV));
    }

    @Test
    void aUserSwitchWithoutRootIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Scripts.command(List.of("check"), DSAS, "other", "1000", SETPRIV));
        assertEquals("not started: scripts are to run as other but the appliance runs as dsas, which cannot switch "
                + "user", e.getMessage());
    }

    @Test
    void withoutSetprivAScriptStartsOnlyWhenThereIsNothingToDrop() {
        ProcessPrivileges bare = new ProcessPrivileges("nobody", 65534, EnumSet.noneOf(LinuxCapability.class));
        assertEquals(List.of("check", "x"), Scripts.command(List.of("check", "x"), bare, null, null, null));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Scripts.command(List.of("check"), DSAS, null, null, null));
        assertTrue(e.getMessage().startsWith("not started: setpriv (util-linux) is missing"), e.getMessage());
    }

    /** The real thing: the script started by the real setpriv holds no capability, whatever this JVM holds. */
    @Test
    void theScriptHoldsNoCapability() throws Exception {
        Process p = new ProcessBuilder(Scripts.command(List.of("grep", "^Cap\\(Inh\\|Eff\\|Amb\\|Prm\\)",
                "/proc/self/status"))).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of("CapInh:\t0000000000000000", "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000",
                "CapAmb:\t0000000000000000"), out.lines().toList());
    }
}
