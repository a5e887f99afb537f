package org.dsas.lb.api;

/**
 * The dataplane's connection timeouts in seconds (ipvsadm --set tcp tcpfin udp). In a change, 0 leaves that
 * timeout as it is.
 */
public record Timeouts(int tcp, int tcpFin, int udp) {

    public Timeouts {
        if (tcp < 0 || tcpFin < 0 || udp < 0) {
            throw new IllegalArgumentException("timeouts must be >= 0 seconds (0 = unchanged), not " + tcp + " "
                    + tcpFin + " " + udp);
        }
    }

    @Override
    public String toString() {
        return "tcp " + tcp + " s, tcpfin " + tcpFin + " s, udp " + udp + " s";
    }
}
