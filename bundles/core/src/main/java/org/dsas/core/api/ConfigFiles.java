package org.dsas.core.api;

import java.util.List;
import java.util.Map;

/**
 * What every DSAS component needs to name a configuration problem: which keys the
 * framework added (not the operator's to get wrong) and which file the settings came from.
 */
public final class ConfigFiles {

    /** Keys that Config Admin, File Install, SCR and Karaf add to every configuration. */
    private static final List<String> FRAMEWORK_PREFIXES =
            List.of("service.", "felix.fileinstall.", "component.", "osgi.ds.", "org.apache.karaf.features.");

    private ConfigFiles() {
    }

    public static boolean isFrameworkKey(String key) {
        return FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /**
     * A {@code .cfg} file as File Install reads it (java.util.Properties syntax), for checking shipped
     * files in tests and tools; values are not interpolated.
     */
    public static Map<String, String> read(java.nio.file.Path file) throws java.io.IOException {
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> out = new java.util.TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        out.put("felix.fileinstall.filename", file.toString());
        return out;
    }

    /** The file a configuration came from, as the operator knows it, or {@code fallback} when File Install did not say. */
    public static String fileOf(Map<String, ?> props, String fallback) {
        Object f = props.get("felix.fileinstall.filename");
        if (f == null) {
            return fallback;
        }
        String s = f.toString();
        return s.startsWith("file:") ? s.substring("file:".length()) : s;
    }
}
