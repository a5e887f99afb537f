package org.dsas.lb.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

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
        if (address instanceof java.net.Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (w[i] == 0) {
                if (curBase < 0) {
                    curBase = i;
                    curLen = 0;
                }
                curLen++;
                if (curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
            } else {
                curBase = -1;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    s.append(':');
                }
                continue;
            }
            if (i != 0) {
                s.append(':');
            }
            // ::a.b.c.d (compatible) and ::ffff:a.b.c.d (mapped) keep the dotted quad, as inet_ntop writes them.
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
                s.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.').append(b[14] & 0xff).append('.')
                        .append(b[15] & 0xff);
                return s.toString();
            }
            s.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            s.append(':');
        }
        return s.toString();
    }
}
