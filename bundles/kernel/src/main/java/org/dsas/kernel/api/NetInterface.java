package org.dsas.kernel.api;

import java.util.List;

/**
 * A network interface as the kernel reports it.
 *
 * @param name      interface name, e.g. {@code eth0}
 * @param index     interface index
 * @param mac       hardware address (6 bytes for Ethernet), empty if none
 * @param up        administratively up (IFF_UP)
 * @param running   carrier present (IFF_RUNNING / IFF_LOWER_UP)
 * @param addresses configured addresses
 */
public record NetInterface(String name, int index, byte[] mac, boolean up, boolean running,
                           List<InterfaceAddress> addresses) {
}
