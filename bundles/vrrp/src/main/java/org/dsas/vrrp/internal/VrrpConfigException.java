package org.dsas.vrrp.internal;

import java.util.List;

/**
 * A bad instance configuration: each problem is one line naming the instance, file and key; the message is all of
 * them, one per line.
 */
final class VrrpConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    VrrpConfigException(String instance, String file, String key, String problem) {
        this(List.of("vrrp[" + instance + "]: " + file + ": key '" + key + "': " + problem));
    }

    /** Every problem of one file. */
    VrrpConfigException(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    /** The problems, one line each. */
    List<String> lines() {
        return lines;
    }
}
