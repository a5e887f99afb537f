package org.dsas.lb.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

import org.dsas.core.api.event.ServiceText;

/** An address and port: the identity of a real server within its virtual service. */
public record Endpoint(InetAddress address, int port) implements Comparable<Endpoint> {

    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 0-65535");
        }
    }

    public boolean ipv6() {
        return address instanceof Inet6Address;
    }

    /** 10.0.0.1:80 or [2001:db8::1]:80, as ipvsadm -Ln prints it. */
    @Override
    public String toString() {
        String host = text(address);
        return (ipv6() ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public int compareTo(Endpoint o) {
        int c = java.util.Arrays.compare(address.getAddress(), o.address.getAddress());
        return c != 0 ? c : Integer.compare(port, o.port);
    }

    /** As glibc inet_ntop prints it: the longest run (first on ties) of two or more zero groups becomes "::". */
    public static String text(InetAddress address) {
        return ServiceText.addressText(address);
    }
}
