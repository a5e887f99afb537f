package org.dsas.core.internal;

import java.net.InetAddress;

import org.dsas.core.api.event.ServiceText;

/**
 * One place a local forward ({@code ssh -L}) may reach: an address literal and a port. A requested target
 * matches only when the client names the same address as a literal: a name is never resolved (the SSH
 * server would resolve it again when it connects, and could get another answer).
 */
record ForwardTarget(InetAddress address, int port) {

    static final String FORMAT = "ADDRESS:PORT, e.g. 127.0.0.1:8181 or [::1]:8181";

    /**
     * Reads {@code 127.0.0.1:8181} or {@code [::1]:8181}.
     *
     * @throws IllegalArgumentException one line: the entry and what is wrong with it
     */
    static ForwardTarget parse(String text) {
        ServiceText s;
        try {
            s = ServiceText.parse("tcp:" + text.trim());
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage().replaceFirst("^service '[^']*': ", "")
                    .replace(" (expected " + ServiceText.FORMAT + ")", "");
            throw new IllegalArgumentException("'" + text.trim() + "': " + problem + " (expected " + FORMAT + ")");
        }
        if (s.port() == 0) {
            throw new IllegalArgumentException("'" + text.trim() + "': port 0 is not 1-65535 (expected " + FORMAT
                    + ")");
        }
        return new ForwardTarget(s.address(), s.port());
    }

    /**
     * The target a client asked for, as it sent it (an IPv6 address without brackets), or null when the host is
     * not an address literal.
     */
    static ForwardTarget requested(String host, int port) {
        if (host == null || port < 1 || port > 65535) {
            return null;
        }
        String h = host.trim();
        try {
            return parse((h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        String host = ServiceText.addressText(address);
        return (address instanceof java.net.Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
