package org.dsas.core.internal;

import java.util.List;
import java.util.Map;

/** A configuration problem, named by file and key so the operator can fix it in one look. */
final class ConfigurationError extends Exception {
    private static final long serialVersionUID = 1L;

    /** Keys that the framework (Config Admin, File Install, SCR) adds to every configuration. */
    private static final List<String> FRAMEWORK_PREFIXES =
            List.of("service.", "felix.fileinstall.", "component.", "osgi.ds.", "org.apache.karaf.features.");

    ConfigurationError(String file, String key, String problem) {
        super(file + ": key '" + key + "': " + problem);
    }

    static boolean isFrameworkKey(String key) {
        return FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** The file a configuration came from, as the operator knows it (etc/x.cfg), or the PID's default file. */
    static String fileOf(Map<String, ?> props, String pid) {
        Object f = props.get("felix.fileinstall.filename");
        if (f == null) {
            return "etc/" + pid + ".cfg";
        }
        String s = f.toString();
        return s.startsWith("file:") ? s.substring("file:".length()) : s;
    }
}
