package org.dsas.vrrp.internal;

/** A bad instance configuration: names the instance, file and key, in one line. */
final class VrrpConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    VrrpConfigException(String instance, String file, String key, String problem) {
        super("vrrp[" + instance + "]: " + file + ": key '" + key + "': " + problem);
    }
}
