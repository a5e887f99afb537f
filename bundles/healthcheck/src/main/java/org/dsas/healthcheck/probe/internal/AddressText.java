package org.dsas.healthcheck.probe.internal;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses as operators write them: 192.0.2.1:80, [2001:db8::1]:80. */
final class AddressText {

    private AddressText() {
    }

    static String of(InetAddress a) {
        return a.getHostAddress().replaceFirst("%.*$", "");
    }

    static String of(InetAddress a, int port) {
        return a instanceof Inet6Address ? "[" + of(a) + "]:" + port : of(a) + ":" + port;
    }
}
