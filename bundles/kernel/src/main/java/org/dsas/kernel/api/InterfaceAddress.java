package org.dsas.kernel.api;

import java.net.InetAddress;

/** One address on an interface with its prefix length. */
public record InterfaceAddress(InetAddress address, int prefixLength) {

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
