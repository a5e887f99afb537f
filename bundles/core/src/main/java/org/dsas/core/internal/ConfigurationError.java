package org.dsas.core.internal;

import java.util.Map;

import org.dsas.core.api.ConfigFiles;

/** A configuration problem, named by file and key so the operator can fix it in one look. */
final class ConfigurationError extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigurationError(String file, String key, String problem) {
        super(file + ": key '" + key + "': " + problem);
    }

    static boolean isFrameworkKey(String key) {
        return ConfigFiles.isFrameworkKey(key);
    }

    /** The file a configuration came from (etc/x.cfg), or the PID's default file. */
    static String fileOf(Map<String, ?> props, String pid) {
        return ConfigFiles.fileOf(props, "etc/" + pid + ".cfg");
    }
}
