package org.dsas.core.api.event;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * The text that names a virtual service across capabilities (the {@code service} of a
 * {@link QuorumEvent}, VRRP's {@code trackQuorum}):
 * <ul>
 * <li>{@code tcp:192.0.2.10:80}, {@code udp:[2001:db8::1]:53}, {@code sctp:192.0.2.10:3868}
 * (protocol, address, port; an IPv6 address in brackets);</li>
 * <li>{@code fwmark:5} (an IPv4 firewall-mark service) and {@code fwmark:5:ipv6} (IPv6).</li>
 * </ul>
 * {@link #parse} accepts any letter case and any IPv6 spelling; {@link #toString} writes the
 * canonical form (lower case, IPv6 compressed as inet_ntop writes it), so
 * {@code parse(s).toString()} is the same text for every spelling of one service.
 *
 * @param protocol {@code tcp}, {@code udp} or {@code sctp}; null for a firewall mark
 * @param address the service address; null for a firewall mark
 * @param port 0-65535; 0 for a firewall mark
 * @param fwmark 1-4294967295, or 0 for an address service
 * @param ipv6 the address family (of the address, or the one a firewall mark applies to)
 */
public record ServiceText(String protocol, InetAddress address, int port, long fwmark, boolean ipv6) {

    /** What {@link #parse} accepts, for error messages. */
    public static final String FORMAT = "tcp|udp|sctp:ADDRESS:PORT (IPv6 address in brackets) or fwmark:MARK[:ipv6],"
            + " e.g. tcp:192.0.2.10:80, udp:[2001:db8::1]:53, fwmark:5";

    private static final long MAX_MARK = 0xffff_ffffL;

    public ServiceText {
        if (fwmark != 0) {
            if (protocol != null || address != null || port != 0) {
                throw new IllegalArgumentException("a firewall-mark service has no protocol, address or port");
            }
            if (fwmark < 0 || fwmark > MAX_MARK) {
                throw new IllegalArgumentException("firewall mark " + fwmark + " is not 1-4294967295");
            }
        } else {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(address, "address");
            protocol = protocol.toLowerCase(Locale.ROOT);
            if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
                throw new IllegalArgumentException("protocol '" + protocol + "' is not tcp, udp or sctp");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not 0-65535");
            }
            ipv6 = address instanceof Inet6Address;
        }
    }

    /** An address service: protocol tcp, udp or sctp (any case). */
    public static ServiceText of(String protocol, InetAddress address, int port) {
        return new ServiceText(protocol, address, port, 0, address instanceof Inet6Address);
    }

    /** A firewall-mark service of one address family. */
    public static ServiceText fwmark(long mark, boolean ipv6) {
        if (mark == 0) {
            throw new IllegalArgumentException("firewall mark 0 is not 1-4294967295");
        }
        return new ServiceText(null, null, 0, mark, ipv6);
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }

    /**
     * Reads the text form. Never resolves a name: the address must be a literal.
     *
     * @throws IllegalArgumentException one line: the text, what is wrong with it, and {@link #FORMAT}
     */
    public static ServiceText parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no service (expected " + FORMAT + ")");
        }
        String t = text.trim();
        if (t.matches(".*\\s.*")) {
            throw bad(text, "contains a space");
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
            throw bad(text, "no ':' after the protocol");
        }
        String kind = t.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = t.substring(colon + 1);
        if (kind.equals("fwmark")) {
            boolean v6 = false;
            String mark = rest;
            int c = rest.indexOf(':');
            if (c >= 0) {
                String family = rest.substring(c + 1).toLowerCase(Locale.ROOT);
                if (!family.equals("ipv6") && !family.equals("ipv4")) {
                    throw bad(text, "'" + rest.substring(c + 1) + "' is not a family (ipv4 or ipv6)");
                }
                v6 = family.equals("ipv6");
                mark = rest.substring(0, c);
            }
            long m;
            try {
                m = mark.matches("[0-9]{1,10}") ? Long.parseLong(mark) : -1;
            } catch (NumberFormatException e) {
                m = -1;
            }
            if (m < 1 || m > MAX_MARK) {
                throw bad(text, "firewall mark '" + mark + "' is not 1-4294967295");
            }
            return fwmark(m, v6);
        }
        if (!kind.equals("tcp") && !kind.equals("udp") && !kind.equals("sctp")) {
            throw bad(text, "'" + t.substring(0, colon) + "' is not tcp, udp, sctp or fwmark");
        }
        int portColon = rest.lastIndexOf(':');
        if (portColon < 0) {
            throw bad(text, "no ':PORT' after the address");
        }
        String host = rest.substring(0, portColon);
        String portText = rest.substring(portColon + 1);
        int port = portText.matches("[0-9]{1,5}") ? Integer.parseInt(portText) : -1;
        if (port < 0 || port > 65535) {
            throw bad(text, "port '" + portText + "' is not 0-65535");
        }
        InetAddress address;
        if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
            String literal = host.substring(1, host.length() - 1);
            if (!literal.matches("[0-9A-Fa-f:.]+") || !literal.contains(":")) {
                throw bad(text, "'" + literal + "' is not an IPv6 address");
            }
            address = literal(text, literal);
            if (!(address instanceof Inet6Address)) {
                throw bad(text, "'" + literal + "' is not an IPv6 address");
            }
        } else if (host.matches("([0-9]{1,3}\\.){3}[0-9]{1,3}")) {
            address = literal(text, host);
            if (!(address instanceof Inet4Address)) {
                throw bad(text, "'" + host + "' is not an IPv4 address");
            }
        } else if (host.contains(":")) {
            throw bad(text, "IPv6 address '" + host + "' must be in brackets, e.g. [2001:db8::1]:53");
        } else {
            throw bad(text, "'" + host + "' is not an IP address");
        }
        return of(kind, address, port);
    }

    private static InetAddress literal(String text, String literal) {
        if (literal.matches("([0-9]{1,3}\\.){3}[0-9]{1,3}")) {
            for (String octet : literal.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw bad(text, "'" + literal + "' is not an IPv4 address");
                }
            }
        }
        try {
            // A literal of digits, dots, hex and colons only: InetAddress never does a lookup for it.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw bad(text, "'" + literal + "' is not an IP address");
        }
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException("service '" + text + "': " + problem + " (expected " + FORMAT + ")");
    }

    /** The canonical text: {@code tcp:192.0.2.10:80}, {@code udp:[2001:db8::1]:53}, {@code fwmark:5:ipv6}. */
    @Override
    public String toString() {
        if (isFwmark()) {
            return "fwmark:" + fwmark + (ipv6 ? ":ipv6" : "");
        }
        String host = addressText(address);
        return protocol + ":" + (ipv6 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * An address as glibc's inet_ntop writes it (as ipvsadm and ip print it): IPv4 dotted; IPv6 with
     * the longest run (the first on ties) of two or more zero groups as "::", and a trailing dotted
     * quad for IPv4-compatible and IPv4-mapped addresses.
     */
    public static String addressText(InetAddress address) {
        if (address instanceof Inet4Address) {
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
