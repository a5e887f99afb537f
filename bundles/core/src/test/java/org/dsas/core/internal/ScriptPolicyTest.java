package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigCheck;
import org.dsas.core.api.LinuxCapability;
import org.dsas.core.api.ProcessPrivileges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptPolicyTest {

    static final ProcessPrivileges DSAS = new ProcessPrivileges("dsas", 998, EnumSet.of(LinuxCapability.NET_RAW));
    static final ProcessPrivileges ROOT = new ProcessPrivileges("root", 0, EnumSet.allOf(LinuxCapability.class));

    static Path passwd(Path dir) throws Exception {
        return Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "dsas:x:998:998::/nonexistent:/usr/sbin/nologin\nscripts:x:997:990::/:/usr/sbin/nologin\n");
    }

    @Test
    void emptyUserMeansTheAppliancesOwn(@TempDir Path dir) throws Exception {
        assertTrue(ScriptPolicy.check(Map.of("user", ""), DSAS, passwd(dir)).ok());
        assertTrue(ScriptPolicy.check(Map.of("user", "dsas"), DSAS, passwd(dir)).ok());
    }

    @Test
    void anotherUserNeedsRootAndAnExistingUser(@TempDir Path dir) throws Exception {
        Path pw = passwd(dir);
        assertTrue(ScriptPolicy.check(Map.of("user", "scripts"), ROOT, pw).ok());
        assertEquals(990, ScriptPolicy.gidOf("scripts", pw));
        ConfigCheck c = ScriptPolicy.check(Map.of("user", "scripts", "usr", "x"), DSAS, pw);
        assertEquals(List.of(
                "etc/org.dsas.scripts.cfg: key 'usr': unknown key (known: user)",
                "etc/org.dsas.scripts.cfg: key 'user': 'scripts': the appliance runs as dsas and cannot switch user "
                        + "(leave it empty: scripts run as dsas)"), c.problems());
        assertEquals(List.of("etc/org.dsas.scripts.cfg: key 'user': no user 'ghost' in " + pw),
                ScriptPolicy.check(Map.of("user", "ghost"), ROOT, pw).problems());
    }

    @Test
    void theShippedFileIsReadWholeWithEveryKeyKnown(@TempDir Path dir) throws Exception {
        Map<String, String> shipped = org.dsas.core.api.ConfigFiles.read(Path.of("../../etc/org.dsas.scripts.cfg"));
        assertEquals("", shipped.get("user"));
        assertTrue(ScriptPolicy.check(shipped, DSAS, passwd(dir)).ok());
    }
}
