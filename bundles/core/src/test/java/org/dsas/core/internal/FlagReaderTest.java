package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.FlagSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagReaderTest {

    @TempDir
    Path dir;

    private Path cmdline;
    private Path flagsFile;
    private Path operatorFile;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    @BeforeEach
    void paths() {
        cmdline = dir.resolve("cmdline");
        flagsFile = dir.resolve("etc/dsas.flags");
        operatorFile = dir.resolve("etc/dsas-operator.flags");
    }

    private void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private List<FlagSet> read() {
        return new FlagReader(cmdline, env, flagsFile, operatorFile).read(problems);
    }

    private static Map<String, Boolean> ordered(Object... nameOnPairs) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (int i = 0; i < nameOnPairs.length; i += 2) {
            m.put((String) nameOnPairs[i], (Boolean) nameOnPairs[i + 1]);
        }
        return m;
    }

    @Test
    void readsAllFourSourcesLowestPrecedenceFirst() throws IOException {
        write(flagsFile, "# boot flags\nroles = web, -lb\n");
        env.put("DSAS_ROLES", "metrics");
        write(cmdline, "BOOT_IMAGE=/vmlinuz quiet dsas.roles=lb,-metrics console=ttyS0\n");
        write(operatorFile, "roles=-web\n");

        List<FlagSet> sets = read();

        assertEquals(List.of(FlagSource.FLAGS_FILE, FlagSource.ENVIRONMENT, FlagSource.KERNEL_CMDLINE, FlagSource.OPERATOR),
                sets.stream().map(FlagSet::source).toList());
        assertEquals(ordered("web", true, "lb", false), sets.get(0).roles());
        assertEquals(ordered("metrics", true), sets.get(1).roles());
        assertEquals(ordered("lb", true, "metrics", false), sets.get(2).roles());
        assertEquals(ordered("web", false), sets.get(3).roles());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void eachSetSaysWhereItWasRead() throws IOException {
        write(flagsFile, "roles = web\n");
        env.put("DSAS_ROLES", "metrics");
        write(cmdline, "BOOT_IMAGE=/vmlinuz quiet dsas.roles=lb,-metrics console=ttyS0\n");
        write(operatorFile, "roles=-web\n");

        List<FlagSet> sets = read();

        assertEquals(flagsFile.toString(), sets.get(0).detail());
        assertEquals("DSAS_ROLES=metrics", sets.get(1).detail());
        assertEquals(cmdline + " dsas.roles=lb,-metrics", sets.get(2).detail());
        assertEquals(operatorFile.toString(), sets.get(3).detail());
    }

    @Test
    void missingFilesAndUnsetVariableNameNoRoles() {
        List<FlagSet> sets = read();

        assertEquals(4, sets.size());
        for (FlagSet set : sets) {
            assertEquals(Map.of(), set.roles(), set.source() + " names roles");
        }
        assertEquals("DSAS_ROLES=", sets.get(1).detail());
        assertEquals(cmdline.toString(), sets.get(2).detail());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void nullPathsNameNoRoles() {
        List<FlagSet> sets = new FlagReader(null, Map.of(), null, null).read(problems);

        assertEquals(4, sets.size());
        sets.forEach(set -> assertEquals(Map.of(), set.roles(), set.source() + " names roles"));
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void cmdlineWithoutDsasRolesNamesNoRoles() throws IOException {
        write(cmdline, "BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet dsas.other=x\n");

        FlagSet kernel = read().get(2);

        assertEquals(Map.of(), kernel.roles());
        assertEquals(cmdline.toString(), kernel.detail());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void quotedCmdlineValueIsUnquoted() throws IOException {
        write(cmdline, "quiet dsas.roles=\"lb,-metrics\" console=ttyS0\n");
        assertEquals(ordered("lb", true, "metrics", false), read().get(2).roles());

        write(cmdline, "quiet dsas.roles='web,!lb'\n");
        assertEquals(ordered("web", true, "lb", false), read().get(2).roles());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void unknownKeyInFlagsFileIsReportedNamingFileAndKeyAndRolesStillParse() throws IOException {
        write(flagsFile, "roles = lb\nrole = web\n");

        List<FlagSet> sets = read();

        assertEquals(ordered("lb", true), sets.get(0).roles());
        assertEquals(List.of(flagsFile + ": unknown key 'role' (known: roles)"), problems);
    }

    @Test
    void unknownKeyInOperatorFileIsReportedNamingThatFile() throws IOException {
        write(operatorFile, "roles = lb\nextra = 1\n");

        read();

        assertEquals(List.of(operatorFile + ": unknown key 'extra' (known: roles)"), problems);
    }

    @Test
    void badTokenIsReportedNamingTheSourceItCameFrom() throws IOException {
        write(flagsFile, "roles = lb, LB\n");
        env.put("DSAS_ROLES", "metrics Web");
        write(cmdline, "quiet dsas.roles=web,x.y\n");

        List<FlagSet> sets = read();

        assertEquals(ordered("lb", true), sets.get(0).roles());
        assertEquals(ordered("metrics", true), sets.get(1).roles());
        assertEquals(ordered("web", true), sets.get(2).roles());
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(flagsFile + " key 'roles': 'LB' is not a role name"), problems.get(0));
        assertTrue(problems.get(1).startsWith("environment DSAS_ROLES: 'Web' is not a role name"), problems.get(1));
        assertTrue(problems.get(2).startsWith("kernel command line " + cmdline + ": 'x.y' is not a role name"),
                problems.get(2));
    }

    @Test
    void flagsFileWithoutRolesKeyNamesNoRoles() throws IOException {
        write(flagsFile, "# nothing yet\n");

        assertEquals(Map.of(), read().get(0).roles());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void unreadableFlagsFileIsReportedAndNamesNoRoles() throws IOException {
        Files.createDirectories(flagsFile); // a directory where the file should be

        FlagSet flags = read().get(0);

        assertEquals(Map.of(), flags.roles());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(flagsFile + ": cannot read: "), problems.get(0));
    }

    @Test
    void operatorFileIsTheOneGiven() {
        assertEquals(operatorFile, new FlagReader(cmdline, env, flagsFile, operatorFile).operatorFile());
    }
}
