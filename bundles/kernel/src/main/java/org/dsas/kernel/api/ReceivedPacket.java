package org.dsas.kernel.api;

import java.net.InetAddress;

/**
 * One packet from a raw IP socket: the protocol payload (IP header removed) and
 * what the receiver must check of the IP layer.
 *
 * @param source      IP source address
 * @param destination IP destination address
 * @param ttl         IPv4 TTL or IPv6 hop limit as received
 * @param payload     the protocol payload (for VRRP: the VRRP header and addresses)
 */
public record ReceivedPacket(InetAddress source, InetAddress destination, int ttl, byte[] payload) {
}
