package org.dsas.vrrp.codec;

import java.net.InetAddress;
import java.net.UnknownHostException;

final class TestAddresses {

    private TestAddresses() {
    }

    /** An address from a literal (never a name lookup). */
    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
