package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeyInstallerTest {

    @TempDir
    Path etc;

    private String savedEtc;
    private final SshKeyInstaller installer = new SshKeyInstaller();
    private final Map<String, List<String>> configAlarms = new java.util.HashMap<>();

    {
        installer.configAlarms = configAlarms::put;
    }

    @BeforeEach
    void pointKarafEtcHere() {
        savedEtc = System.getProperty("karaf.etc");
        System.setProperty("karaf.etc", etc.toString());
    }

    @AfterEach
    void restoreKarafEtc() {
        if (savedEtc == null) {
            System.clearProperty("karaf.etc");
        } else {
            System.setProperty("karaf.etc", savedEtc);
        }
    }

    private KeysFile keysFile() {
        return new KeysFile(etc.resolve("keys.properties"));
    }

    private static String blobOf(String line) {
        return line.split(" ")[1];
    }

    @Test
    void withoutKeyFilesNothingIsInstalledAndTheMissingAdminKeyIsAnAlarm() {
        installer.configure(Map.of());

        assertFalse(Files.exists(etc.resolve("keys.properties")));
        assertEquals(List.of("no admin SSH key installed: put one in " + etc.resolve("admin.pub") + " or run dsas:key-set"),
                installer.alarms());
        assertEquals("no key installed (" + etc.resolve("viewer.pub") + ")", installer.status().get("viewer"));
        assertEquals(List.of(), org.dsas.core.api.Json.nonCamelCaseKeys(installer.status(), java.util.Set.of()),
                "dsas:status --json keys");
    }

    @Test
    void setKeyInstallsTheKeyForKarafAndWritesTheUsersKeyFile() throws IOException {
        installer.configure(Map.of());
        String line = SshKeys.ecdsaLine("ops@box");

        installer.setKey("admin", line);

        assertEquals(line + "\n", Files.readString(etc.resolve("admin.pub"), StandardCharsets.UTF_8));
        assertEquals(blobOf(line), keysFile().keyOf("admin"));
        assertEquals("ecdsa-sha2-nistp256 ops@box", installer.status().get("admin"));
        assertEquals(List.of(), installer.alarms());
    }

    @Test
    void setKeyForAnUnknownUserIsRefused() {
        installer.configure(Map.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> installer.setKey("root", SshKeys.ecdsaLine("ops@box")));

        assertEquals("unknown user 'root'; known users: admin, viewer", e.getMessage());
    }

    @Test
    void setKeyWithAnEd25519KeyIsRefusedAndWritesNothing() {
        installer.configure(Map.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> installer.setKey("admin", "ssh-ed25519 " + SshKeys.base64(SshKeys.ed25519Blob()) + " ops@box"));

        assertEquals(true, e.getMessage().contains("ecdsa"), e.getMessage());
        assertFalse(Files.exists(etc.resolve("admin.pub")));
        assertFalse(Files.exists(etc.resolve("keys.properties")));
    }

    @Test
    void configureInstallsTheFirstKeyOfEachUsersKeyFile() throws IOException {
        String first = SshKeys.rsaLine("viewer@desk");
        String second = SshKeys.ecdsaLine("other@desk");
        Files.writeString(etc.resolve("viewer.pub"), "# the viewer's key\n\n" + first + "\n" + second + "\n");

        installer.configure(Map.of());

        assertEquals(blobOf(first), keysFile().keyOf("viewer"));
        assertEquals("ssh-rsa viewer@desk", installer.status().get("viewer"));
        assertNull(keysFile().keyOf("admin"));
    }

    @Test
    void configuredKeyFilePathIsUsed() throws IOException {
        Path custom = etc.resolve("keys/ops-admin.pub");
        Files.createDirectories(custom.getParent());
        String line = SshKeys.ecdsaLine("ops@box");
        Files.writeString(custom, line + "\n");

        installer.configure(Map.of("admin.keyFile", " " + custom + " ", "service.pid", SshKeyInstaller.PID));

        assertEquals(blobOf(line), keysFile().keyOf("admin"));
        assertEquals(List.of(), installer.alarms());
    }

    @Test
    void unsupportedKeyInAKeyFileIsNotInstalled() throws IOException {
        Files.writeString(etc.resolve("admin.pub"), "ssh-ed25519 " + SshKeys.base64(SshKeys.ed25519Blob()) + " x\n");

        installer.configure(Map.of());

        assertFalse(Files.exists(etc.resolve("keys.properties")));
        assertEquals(1, installer.alarms().size(), installer.alarms().toString());
    }

    @Test
    void configurationWithAnUnknownKeyIsNotApplied() throws IOException {
        Path custom = etc.resolve("elsewhere.pub");
        Files.writeString(custom, SshKeys.ecdsaLine("ops@box") + "\n");

        installer.configure(Map.of("admin.keyFile", custom.toString(), "root.keyFile", custom.toString()));

        assertFalse(Files.exists(etc.resolve("keys.properties")));
        assertEquals(List.of("etc/org.dsas.ssh.cfg: key 'root.keyFile': unknown key (known: admin.keyFile, "
                + "forward.targets, viewer.keyFile)"), configAlarms.get(SshKeyInstaller.PID));
        assertEquals("no key installed (" + etc.resolve("admin.pub") + ")", installer.status().get("admin"),
                "the key file in force stays");
    }

    @Test
    void theShippedFileIsReadWholeWithEveryKeyKnown() throws IOException {
        Map<String, Object> shipped = new java.util.HashMap<>(org.dsas.core.api.ConfigFiles.read(
                Path.of("../../etc/org.dsas.ssh.cfg")));
        // File Install puts in ${karaf.etc}; the values' form is not what this test is about.
        shipped.replaceAll((k, v) -> v.toString().replace("${karaf.etc}", etc.toString()));
        Files.writeString(etc.resolve("admin.pub"), SshKeys.ecdsaLine("ops@box") + "\n");
        installer.configure(shipped);
        assertEquals(List.of(), configAlarms.get(SshKeyInstaller.PID));
        assertTrue(Files.readString(etc.resolve("keys.properties")).contains("admin"));
    }
}
