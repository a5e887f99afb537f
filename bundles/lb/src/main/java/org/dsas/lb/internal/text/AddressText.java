package org.dsas.lb.internal.text;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.dsas.lb.api.Endpoint;

/**
 * Owns the text forms of IP addresses in the lb's files: strict literals in
 * (never a DNS lookup, never inet_aton's octal or short forms) and glibc
 * inet_ntop's form out, which is what ipvsadm -n and ipvsadm-save print.
 */
final class AddressText {

    private AddressText() {
    }

    /** An IPv4 dotted quad or an IPv6 literal (no brackets, no zone); anything else is refused. */
    static InetAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        byte[] bytes = text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
        try {
            // getByAddress with a 16-byte array would turn ::ffff:a.b.c.d into an IPv4 address; keep the family written.
            return bytes.length == 4 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, null);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address " + text + ": " + e.getMessage());
        }
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw notLiteral(text);
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw notLiteral(text);
            }
            if (p.length() > 1 && p.charAt(0) == '0') {
                throw new IllegalArgumentException("address " + text
                        + " has a leading zero (inet_aton would read it as octal); write it in plain decimal");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw notLiteral(text);
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] ipv6(String text) {
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("address " + text + " has a zone; IPVS addresses have none");
        }
        String head = text;
        String tail = "";
        int gap = text.indexOf("::");
        if (gap >= 0) {
            if (text.indexOf("::", gap + 1) >= 0) {
                throw notLiteral(text);
            }
            head = text.substring(0, gap);
            tail = text.substring(gap + 2);
        }
        int[] h = groups(head, text, false);
        int[] t = groups(tail, text, true);
        int total = h.length + t.length;
        if (gap < 0 ? total != 8 : total > 7) {
            throw notLiteral(text);
        }
        byte[] out = new byte[16];
        for (int i = 0; i < h.length; i++) {
            out[2 * i] = (byte) (h[i] >> 8);
            out[2 * i + 1] = (byte) h[i];
        }
        int start = 8 - t.length;
        for (int i = 0; i < t.length; i++) {
            out[2 * (start + i)] = (byte) (t[i] >> 8);
            out[2 * (start + i) + 1] = (byte) t[i];
        }
        return out;
    }

    /** 16-bit groups of one side of "::"; the last group of the address may be a dotted quad. */
    private static int[] groups(String part, String whole, boolean last) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] words = part.split(":", -1);
        int n = words.length;
        boolean quad = words[n - 1].indexOf('.') >= 0;
        if (quad && !(last || whole.indexOf("::") < 0)) {
            throw notLiteral(whole);
        }
        int[] out = new int[quad ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            String w = words[i];
            if (quad && i == n - 1) {
                byte[] v4 = ipv4(w);
                out[i] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
                out[i + 1] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
                break;
            }
            if (w.isEmpty() || w.length() > 4 || !w.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw notLiteral(whole);
            }
            out[i] = Integer.parseInt(w, 16);
        }
        return out;
    }

    private static IllegalArgumentException notLiteral(String text) {
        return new IllegalArgumentException("'" + text + "' is not an IP address literal (host names are not "
                + "resolved: DNS is not consulted)");
    }

    /** As glibc inet_ntop prints it (see {@link Endpoint#text}). */
    static String format(InetAddress address) {
        return Endpoint.text(address);
    }

    /** "10.0.0.1:80" or "[2001:db8::1]:80" with inet_ntop's address form. */
    static String endpoint(InetAddress address, int port) {
        String host = format(address);
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    /** An endpoint as messages name it: ipvsadm's form, IPv6 compressed (Endpoint.toString() does not compress). */
    static String name(org.dsas.lb.api.Endpoint e) {
        return endpoint(e.address(), e.port());
    }

    /** "TCP 10.0.0.1:80", "TCP [2001:db8::1]:80" or "FWM 1 IPv6", as ipvsadm -Ln names services. */
    static String name(org.dsas.lb.api.ServiceKey k) {
        return k.isFwmark() ? k.toString() : k.protocol().name() + " " + name(k.endpoint());
    }
}
