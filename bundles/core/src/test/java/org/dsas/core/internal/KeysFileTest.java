package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysFileTest {

    private static final String ADMIN_BLOB = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPr+/x==";
    private static final String VIEWER_BLOB = "AAAAB3NzaC1yc2EAAAADAQABAAABAQC7";

    @TempDir
    Path dir;

    private Path path;
    private KeysFile keys;

    @BeforeEach
    void file() {
        path = dir.resolve("keys.properties");
        keys = new KeysFile(path);
    }

    /** Reads the file the way Karaf's key login does. */
    private Properties asKarafReadsIt() throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        return props;
    }

    @Test
    void putIntoAMissingFileWritesTheUserAndBothGroups() throws IOException {
        keys.put("admin", ADMIN_BLOB, KeysFile.ADMIN_GROUP);

        Properties props = asKarafReadsIt();
        assertEquals(ADMIN_BLOB + ",_g_:admingroup", props.getProperty("admin"));
        assertEquals("group,admin,manager,viewer,systembundles,ssh", props.getProperty("_g_:admingroup"));
        assertEquals("group,viewer,ssh", props.getProperty("_g_:viewergroup"));
        assertEquals(3, props.size(), props.toString());
    }

    @Test
    void keyOfReturnsTheStoredBlobWithoutItsGroup() throws IOException {
        keys.put("viewer", VIEWER_BLOB, KeysFile.VIEWER_GROUP);

        assertEquals(VIEWER_BLOB, keys.keyOf("viewer"));
    }

    @Test
    void keyOfAnUnknownUserOrAMissingFileIsNull() throws IOException {
        assertNull(keys.keyOf("admin"));
        keys.put("admin", ADMIN_BLOB, KeysFile.ADMIN_GROUP);
        assertNull(keys.keyOf("viewer"));
    }

    @Test
    void existingEntriesAndGroupsAreKept() throws IOException {
        Files.writeString(path, "# Karaf's own file\n"
                + "karaf = AAAAkarafblob,_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh,custom\n", StandardCharsets.UTF_8);

        keys.put("viewer", VIEWER_BLOB, KeysFile.VIEWER_GROUP);

        Properties props = asKarafReadsIt();
        assertEquals("AAAAkarafblob,_g_:admingroup", props.getProperty("karaf"));
        assertEquals("group,admin,manager,viewer,systembundles,ssh,custom", props.getProperty("_g_:admingroup"),
                "an existing group definition is not overwritten");
        assertEquals("group,viewer,ssh", props.getProperty("_g_:viewergroup"));
        assertEquals(VIEWER_BLOB + ",_g_:viewergroup", props.getProperty("viewer"));
    }

    @Test
    void putReplacesTheUsersPreviousKeyAndKeepsTheOtherUser() throws IOException {
        keys.put("admin", "AAAAold", KeysFile.ADMIN_GROUP);
        keys.put("viewer", VIEWER_BLOB, KeysFile.VIEWER_GROUP);

        keys.put("admin", ADMIN_BLOB, KeysFile.ADMIN_GROUP);

        assertEquals(ADMIN_BLOB, keys.keyOf("admin"));
        assertEquals(VIEWER_BLOB, keys.keyOf("viewer"));
        assertEquals(ADMIN_BLOB + ",_g_:admingroup", asKarafReadsIt().getProperty("admin"));
    }

    @Test
    void writtenFileHasAHeaderEscapedGroupKeysAndNoLeftoverTempFile() throws IOException {
        keys.put("admin", ADMIN_BLOB, KeysFile.ADMIN_GROUP);

        String text = Files.readString(path, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("# SSH public keys of the DSAS operators"), text);
        assertTrue(text.contains("_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n"), text);
        assertFalse(Files.exists(dir.resolve("keys.properties.tmp")));
    }
}
