package org.dsas.lb.proxy.scheduler;

import java.net.InetAddress;

/** The new connection a scheduler places: who connects (address, port) and to which virtual address. */
public record Request(InetAddress client, int clientPort, InetAddress destination) {
}
