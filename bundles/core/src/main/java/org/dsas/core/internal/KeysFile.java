package org.dsas.core.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Karaf's {@code etc/keys.properties}: one public key per login name, with its
 * group ({@code admin=<blob>,_g_:admingroup}). DSAS keeps two groups: admin
 * (everything) and viewer (list and status only, enforced by the command ACLs).
 */
final class KeysFile {

    static final String ADMIN_GROUP = "_g_:admingroup";
    static final String VIEWER_GROUP = "_g_:viewergroup";
    static final Map<String, String> GROUPS = Map.of(
            ADMIN_GROUP, "group,admin,manager,viewer,systembundles,ssh",
            VIEWER_GROUP, "group,viewer,ssh");

    private final Path file;

    KeysFile(Path file) {
        this.file = file;
    }

    /** The stored key blob of a user, or null. */
    String keyOf(String user) throws IOException {
        String v = load().getProperty(user);
        return v == null ? null : v.split(",")[0];
    }

    /** Sets a user's key and group, keeping every other entry; written atomically. */
    void put(String user, String blob, String group) throws IOException {
        Properties props = load();
        for (Map.Entry<String, String> g : GROUPS.entrySet()) {
            props.putIfAbsent(g.getKey(), g.getValue());
        }
        props.setProperty(user, blob + "," + group);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            out.write("# SSH public keys of the DSAS operators: <user>=<key blob>,<group>.\n");
            out.write("# Managed by DSAS (etc/org.dsas.ssh.cfg key files, dsas:key-set); no passwords are used.\n");
            for (Map.Entry<Object, Object> e : new TreeMap<>(props).entrySet()) {
                out.write(escape(e.getKey().toString()) + " = " + e.getValue() + "\n");
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Properties load() throws IOException {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            }
        }
        return props;
    }

    private static String escape(String key) {
        return key.replace(":", "\\:").replace("=", "\\=").replace(" ", "\\ ");
    }
}
