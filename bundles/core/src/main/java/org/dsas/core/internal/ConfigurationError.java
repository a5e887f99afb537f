package org.dsas.core.internal;

import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigFiles;
import org.dsas.core.api.ConfigProblems;

/**
 * A configuration refused, with every problem named by file and key so the operator can fix it in one look
 * (the message is the first problem and a count).
 */
final class ConfigurationError extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    ConfigurationError(String file, String key, String problem) {
        this(List.of(line(file, key, problem)));
    }

    ConfigurationError(List<String> problems) {
        super(new ConfigProblems(problems).getMessage());
        this.problems = List.copyOf(problems);
    }

    /** "file: key 'k': problem", the form every configuration problem takes. */
    static String line(String file, String key, String problem) {
        return file + ": key '" + key + "': " + problem;
    }

    List<String> problems() {
        return problems;
    }

    static boolean isFrameworkKey(String key) {
        return ConfigFiles.isFrameworkKey(key);
    }

    /** The file a configuration came from (etc/x.cfg), or the PID's default file. */
    static String fileOf(Map<String, ?> props, String pid) {
        return ConfigFiles.fileOf(props, "etc/" + pid + ".cfg");
    }
}
